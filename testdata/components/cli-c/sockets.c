// Hand-written canonical-ABI bindings for the handful of wasi:sockets@0.2.12
// and wasi:io@0.2.12 functions `connect` needs. Core signatures follow the
// flattening rules of CanonicalABI.md: handles and small scalars are i32,
// and results that flatten to more than one value come back through a
// pointer the caller passes last.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sockets.h"

#define IMPORT(module, name) \
  __attribute__((import_module(module), import_name(name)))

IMPORT("wasi:sockets/instance-network@0.2.12", "instance-network")
extern int32_t instance_network(void);

IMPORT("wasi:sockets/network@0.2.12", "[resource-drop]network")
extern void network_drop(int32_t);

// create-tcp-socket: func(address-family) -> result<tcp-socket, error-code>
IMPORT("wasi:sockets/tcp-create-socket@0.2.12", "create-tcp-socket")
extern void create_tcp_socket(int32_t family, void *ret);

// start-connect: func(network, remote-address: ip-socket-address)
//   -> result<_, error-code>
// ip-socket-address flattens to a discriminant plus the 11 slots of its
// widest case (ipv6-socket-address); the ipv4 case uses the first 5.
IMPORT("wasi:sockets/tcp@0.2.12", "[method]tcp-socket.start-connect")
extern void tcp_start_connect(int32_t self, int32_t network, int32_t tag,
                              int32_t port, int32_t a0, int32_t a1, int32_t a2,
                              int32_t a3, int32_t p5, int32_t p6, int32_t p7,
                              int32_t p8, int32_t p9, int32_t p10, void *ret);

// finish-connect: func() -> result<tuple<input-stream, output-stream>,
//   error-code>
IMPORT("wasi:sockets/tcp@0.2.12", "[method]tcp-socket.finish-connect")
extern void tcp_finish_connect(int32_t self, void *ret);

IMPORT("wasi:sockets/tcp@0.2.12", "[method]tcp-socket.subscribe")
extern int32_t tcp_subscribe(int32_t self);

IMPORT("wasi:sockets/tcp@0.2.12", "[resource-drop]tcp-socket")
extern void tcp_drop(int32_t);

IMPORT("wasi:io/poll@0.2.12", "[method]pollable.block")
extern void pollable_block(int32_t self);

IMPORT("wasi:io/poll@0.2.12", "[resource-drop]pollable")
extern void pollable_drop(int32_t);

IMPORT("wasi:io/streams@0.2.12", "[resource-drop]input-stream")
extern void input_stream_drop(int32_t);

IMPORT("wasi:io/streams@0.2.12", "[resource-drop]output-stream")
extern void output_stream_drop(int32_t);

// The cases of wasi:sockets/network.error-code, in declaration order.
static const char *const error_codes[] = {
    "unknown",
    "access-denied",
    "not-supported",
    "invalid-argument",
    "out-of-memory",
    "timeout",
    "concurrency-conflict",
    "not-in-progress",
    "would-block",
    "invalid-state",
    "new-socket-limit",
    "address-not-bindable",
    "address-in-use",
    "remote-unreachable",
    "connection-refused",
    "connection-reset",
    "connection-aborted",
    "datagram-too-large",
    "name-unresolvable",
    "temporary-resolver-failure",
    "permanent-resolver-failure",
};

enum { ERROR_WOULD_BLOCK = 8 };

static const char *error_name(uint8_t code) {
  if (code < sizeof error_codes / sizeof error_codes[0]) {
    return error_codes[code];
  }
  return "(unknown error-code)";
}

// result<own<tcp-socket>, error-code>: tag byte, payload at offset 4.
struct result_handle {
  uint8_t is_err;
  uint8_t pad[3];
  union {
    int32_t handle;
    uint8_t error;
  } val;
};

// result<_, error-code>: tag byte, error-code at offset 1.
struct result_unit {
  uint8_t is_err;
  uint8_t error;
};

// result<tuple<own<input-stream>, own<output-stream>>, error-code>.
struct result_streams {
  uint8_t is_err;
  uint8_t pad[3];
  union {
    struct {
      int32_t input;
      int32_t output;
    } ok;
    uint8_t error;
  } val;
};

static int parse_ipv4(const char *s, uint8_t out[4]) {
  if (strcmp(s, "localhost") == 0) {
    s = "127.0.0.1";
  }
  for (int i = 0; i < 4; i++) {
    char *end;
    if (*s < '0' || *s > '9') {
      return 0;
    }
    unsigned long v = strtoul(s, &end, 10);
    if (v > 255 || end == s) {
      return 0;
    }
    out[i] = (uint8_t)v;
    if (i < 3) {
      if (*end != '.') {
        return 0;
      }
      s = end + 1;
    } else if (*end != '\0') {
      return 0;
    }
  }
  return 1;
}

static int fail(const char *host, const char *port, const char *step,
                uint8_t code) {
  printf("connect %s:%s: %s: %s\n", host, port, step, error_name(code));
  return 1;
}

int cmd_connect(const char *host, const char *port_text) {
  uint8_t addr[4];
  if (!parse_ipv4(host, addr)) {
    fprintf(stderr, "cli-c: connect wants an IPv4 address, got %s\n", host);
    return 2;
  }
  char *end;
  unsigned long port = strtoul(port_text, &end, 10);
  if (*port_text == '\0' || *end != '\0' || port > 65535) {
    fprintf(stderr, "cli-c: connect wants a port number, got %s\n",
            port_text);
    return 2;
  }

  int32_t network = instance_network();
  struct result_handle created;
  create_tcp_socket(0 /* ipv4 */, &created);
  if (created.is_err) {
    network_drop(network);
    return fail(host, port_text, "create-tcp-socket", created.val.error);
  }
  int32_t sock = created.val.handle;

  struct result_unit started;
  tcp_start_connect(sock, network, 0 /* ipv4 */, (int32_t)port, addr[0],
                    addr[1], addr[2], addr[3], 0, 0, 0, 0, 0, 0, &started);
  int rc = 0;
  if (started.is_err) {
    rc = fail(host, port_text, "start-connect", started.error);
  } else {
    int32_t ready = tcp_subscribe(sock);
    struct result_streams finished;
    for (;;) {
      pollable_block(ready);
      tcp_finish_connect(sock, &finished);
      if (!finished.is_err || finished.val.error != ERROR_WOULD_BLOCK) {
        break;
      }
    }
    pollable_drop(ready);
    if (finished.is_err) {
      rc = fail(host, port_text, "finish-connect", finished.val.error);
    } else {
      printf("connected to %s:%s\n", host, port_text);
      input_stream_drop(finished.val.ok.input);
      output_stream_drop(finished.val.ok.output);
    }
  }
  tcp_drop(sock);
  network_drop(network);
  return rc;
}
