// http-js: a wasi:http/proxy fixture in JavaScript, built with
// componentize-js (StarlingMonkey). Routes (see ../README.md):
//
//   GET  /hello          200 "hello", header x-fixture: http-js
//   POST /echo           200, the request body streamed back, and every
//                        request header NAME echoed as x-echo-NAME
//   GET  /trap           the guest traps (wasm `unreachable`)
//   GET  /fetch?url=URL  outgoing GET of URL (http only); 200 with body
//                        "STATUS\nBODY" and header x-upstream-status
//   anything else        404
//
// The handler implements wasi:http/incoming-handler directly instead of
// StarlingMonkey's fetch event: a fetch-event handler turns every JS error
// (even out-of-memory) into a 500 response, while an exception escaping an
// export of a componentize-js component aborts the instance, which is the
// reliable trap /trap needs.
import {
  Fields,
  OutgoingBody,
  OutgoingRequest,
  OutgoingResponse,
  ResponseOutparam,
} from 'wasi:http/types@0.2.10';
import { handle as sendRequest } from 'wasi:http/outgoing-handler@0.2.10';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// blocking-write-and-flush accepts at most 4096 bytes per call.
const maxWrite = 4096;
const readSize = 65536n;

export const incomingHandler = {
  handle(request, responseOut) {
    const method = request.method();
    const target = request.pathWithQuery() ?? '/';
    const url = new URL(target, 'http://fixture.invalid');
    const route = `${method.tag === 'other' ? method.val : method.tag.toUpperCase()} ${url.pathname}`;
    switch (route) {
      case 'GET /hello':
        respond(responseOut, 200, [['x-fixture', 'http-js']], encoder.encode('hello'));
        return;
      case 'POST /echo':
        echo(request, responseOut);
        return;
      case 'GET /trap':
        throw new Error('trap requested: /trap aborts the guest');
      case 'GET /fetch':
        proxy(url.searchParams.get('url'), responseOut);
        return;
      default:
        respond(responseOut, 404, [], encoder.encode(`no route for ${route}\n`));
    }
  },
};

function fields(pairs) {
  return Fields.fromList(pairs.map(([name, value]) => [
    name,
    typeof value === 'string' ? encoder.encode(value) : value,
  ]));
}

// startResponse sends the status and headers and returns the body and its
// output stream, so the body can be streamed after the head went out.
function startResponse(responseOut, status, headers) {
  const response = new OutgoingResponse(fields(headers));
  response.setStatusCode(status);
  const body = response.body();
  ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
  return { body, stream: body.write() };
}

function writeAll(stream, bytes) {
  for (let off = 0; off < bytes.length; off += maxWrite) {
    stream.blockingWriteAndFlush(bytes.subarray(off, off + maxWrite));
  }
}

function finish({ body, stream }) {
  // The stream is a child of the body: it must go before finish.
  stream[Symbol.dispose]();
  OutgoingBody.finish(body, undefined);
}

function respond(responseOut, status, headers, bytes) {
  const out = startResponse(responseOut, status, headers);
  writeAll(out.stream, bytes);
  finish(out);
}

// readChunks calls onChunk for each chunk of an incoming body until the
// stream reports closed.
function readChunks(incomingBody, onChunk) {
  const stream = incomingBody.stream();
  try {
    for (;;) {
      let chunk;
      try {
        chunk = stream.blockingRead(readSize);
      } catch (e) {
        if (e?.payload?.tag === 'closed') {
          return;
        }
        throw e;
      }
      onChunk(chunk);
    }
  } finally {
    stream[Symbol.dispose]();
  }
}

function echo(request, responseOut) {
  const requestHeaders = request.headers();
  const echoed = requestHeaders.entries().map(([name, value]) => [`x-echo-${name}`, value]);
  requestHeaders[Symbol.dispose]();
  const incomingBody = request.consume();
  const out = startResponse(responseOut, 200, echoed);
  readChunks(incomingBody, (chunk) => writeAll(out.stream, chunk));
  incomingBody[Symbol.dispose]();
  finish(out);
}

function proxy(target, responseOut) {
  if (!target) {
    respond(responseOut, 400, [], encoder.encode('missing url parameter\n'));
    return;
  }
  const upstreamURL = new URL(target);
  if (upstreamURL.protocol !== 'http:') {
    respond(responseOut, 400, [], encoder.encode(`only http URLs, got ${target}\n`));
    return;
  }
  const outgoing = new OutgoingRequest(new Fields());
  outgoing.setScheme({ tag: 'HTTP' });
  outgoing.setAuthority(upstreamURL.host);
  outgoing.setPathWithQuery(upstreamURL.pathname + upstreamURL.search);
  let upstream;
  try {
    const future = sendRequest(outgoing, undefined);
    const ready = future.subscribe();
    ready.block();
    ready[Symbol.dispose]();
    const got = future.get();
    future[Symbol.dispose]();
    if (got.tag === 'err' || got.val.tag === 'err') {
      const why = got.tag === 'err' ? 'response already taken' : JSON.stringify(got.val.val);
      respond(responseOut, 502, [], encoder.encode(`upstream error: ${why}\n`));
      return;
    }
    upstream = got.val.val;
  } catch (e) {
    respond(responseOut, 502, [], encoder.encode(`upstream error: ${JSON.stringify(e?.payload ?? String(e))}\n`));
    return;
  }
  const status = upstream.status();
  const parts = [];
  const upstreamBody = upstream.consume();
  readChunks(upstreamBody, (chunk) => parts.push(decoder.decode(chunk, { stream: true })));
  parts.push(decoder.decode());
  upstreamBody[Symbol.dispose]();
  upstream[Symbol.dispose]();
  respond(
    responseOut,
    200,
    [['x-upstream-status', String(status)]],
    encoder.encode(`${status}\n${parts.join('')}`),
  );
}
