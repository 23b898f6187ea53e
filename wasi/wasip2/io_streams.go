package wasip2

import (
	"context"
	"errors"

	"github.com/weftwasm/weft/value"
)

// maxBlockingWrite is the most blocking-write-and-flush and
// blocking-write-zeroes-and-flush accept in one call, as the WIT says.
const maxBlockingWrite = 4096

func streamFuncs(l *funcList) {
	t := sharedTypes
	in, out := t.inputStream, t.outputStream
	bytesRes := resultT(bytesT, t.streamError)
	u64Res := resultT(u64T, t.streamError)
	unitRes := resultT(nil, t.streamError)

	inFn := func(name string, ft *value.FuncType, body func(ctx context.Context, h *Host, s inputStream, args []value.Value) (value.Value, error)) {
		l.add(ifaceStreams, "[method]input-stream."+name, ft, func(ctx context.Context, h *Host, args []value.Value) (value.Value, error) {
			s, err := lookup[inputStream](h, in, args[0])
			if err != nil {
				return value.Value{}, err
			}
			return body(ctx, h, s, args)
		})
	}
	outFn := func(name string, ft *value.FuncType, body func(ctx context.Context, h *Host, s outputStream, args []value.Value) (value.Value, error)) {
		l.add(ifaceStreams, "[method]output-stream."+name, ft, func(ctx context.Context, h *Host, args []value.Value) (value.Value, error) {
			s, err := lookup[outputStream](h, out, args[0])
			if err != nil {
				return value.Value{}, err
			}
			return body(ctx, h, s, args)
		})
	}

	inFn("read", method(in, bytesRes, "len", u64T), func(_ context.Context, h *Host, s inputStream, args []value.Value) (value.Value, error) {
		b, err := s.read(clampLen(args[1].U64()))
		if err != nil {
			return h.streamResult(err)
		}
		return value.Ok(bytesValue(b)), nil
	})
	inFn("blocking-read", method(in, bytesRes, "len", u64T), func(ctx context.Context, h *Host, s inputStream, args []value.Value) (value.Value, error) {
		b, err := blockingRead(ctx, s, clampLen(args[1].U64()))
		if err != nil {
			return h.streamResult(err)
		}
		return value.Ok(bytesValue(b)), nil
	})
	inFn("skip", method(in, u64Res, "len", u64T), func(_ context.Context, h *Host, s inputStream, args []value.Value) (value.Value, error) {
		b, err := s.read(clampLen(args[1].U64()))
		if err != nil {
			return h.streamResult(err)
		}
		return value.Ok(value.U64(uint64(len(b)))), nil
	})
	inFn("blocking-skip", method(in, u64Res, "len", u64T), func(ctx context.Context, h *Host, s inputStream, args []value.Value) (value.Value, error) {
		b, err := blockingRead(ctx, s, clampLen(args[1].U64()))
		if err != nil {
			return h.streamResult(err)
		}
		return value.Ok(value.U64(uint64(len(b)))), nil
	})
	inFn("subscribe", method(in, ownT(t.pollable)), func(_ context.Context, h *Host, s inputStream, _ []value.Value) (value.Value, error) {
		return h.subscribe(s), nil
	})

	outFn("check-write", method(out, u64Res), func(_ context.Context, h *Host, s outputStream, _ []value.Value) (value.Value, error) {
		n, err := s.checkWrite()
		if err != nil {
			return h.streamResult(err)
		}
		return value.Ok(value.U64(n)), nil
	})
	outFn("write", method(out, unitRes, "contents", bytesT), func(_ context.Context, h *Host, s outputStream, args []value.Value) (value.Value, error) {
		if err := s.write(valueBytes(args[1])); err != nil {
			return h.streamResult(err)
		}
		return value.OkEmpty(), nil
	})
	outFn("blocking-write-and-flush", method(out, unitRes, "contents", bytesT), func(ctx context.Context, h *Host, s outputStream, args []value.Value) (value.Value, error) {
		b := valueBytes(args[1])
		if len(b) > maxBlockingWrite {
			return value.Value{}, &TrapError{ifaceStreams + "#[method]output-stream.blocking-write-and-flush", "more than 4096 bytes"}
		}
		if err := blockingWrite(ctx, s, b); err != nil {
			return h.streamResult(err)
		}
		return value.OkEmpty(), nil
	})
	outFn("flush", method(out, unitRes), func(_ context.Context, h *Host, s outputStream, _ []value.Value) (value.Value, error) {
		if err := s.flush(); err != nil {
			return h.streamResult(err)
		}
		return value.OkEmpty(), nil
	})
	outFn("blocking-flush", method(out, unitRes), func(ctx context.Context, h *Host, s outputStream, _ []value.Value) (value.Value, error) {
		if err := blockingFlush(ctx, s); err != nil {
			return h.streamResult(err)
		}
		return value.OkEmpty(), nil
	})
	outFn("subscribe", method(out, ownT(t.pollable)), func(_ context.Context, h *Host, s outputStream, _ []value.Value) (value.Value, error) {
		return h.subscribe(s), nil
	})
	outFn("write-zeroes", method(out, unitRes, "len", u64T), func(_ context.Context, h *Host, s outputStream, args []value.Value) (value.Value, error) {
		n := args[1].U64()
		if n > writeBudget {
			return value.Value{}, errors.New("wasi: write-zeroes of more bytes than check-write permitted")
		}
		if err := s.write(make([]byte, n)); err != nil {
			return h.streamResult(err)
		}
		return value.OkEmpty(), nil
	})
	outFn("blocking-write-zeroes-and-flush", method(out, unitRes, "len", u64T), func(ctx context.Context, h *Host, s outputStream, args []value.Value) (value.Value, error) {
		n := args[1].U64()
		if n > maxBlockingWrite {
			return value.Value{}, &TrapError{ifaceStreams + "#[method]output-stream.blocking-write-zeroes-and-flush", "more than 4096 bytes"}
		}
		if err := blockingWrite(ctx, s, make([]byte, n)); err != nil {
			return h.streamResult(err)
		}
		return value.OkEmpty(), nil
	})
	splice := func(blocking bool) func(ctx context.Context, h *Host, s outputStream, args []value.Value) (value.Value, error) {
		return func(ctx context.Context, h *Host, s outputStream, args []value.Value) (value.Value, error) {
			src, err := lookup[inputStream](h, in, args[1])
			if err != nil {
				return value.Value{}, err
			}
			n, err := spliceStreams(ctx, s, src, clampLen(args[2].U64()), blocking)
			if err != nil {
				return h.streamResult(err)
			}
			return value.Ok(value.U64(uint64(n))), nil
		}
	}
	outFn("splice", method(out, u64Res, "src", borrowT(in), "len", u64T), splice(false))
	outFn("blocking-splice", method(out, u64Res, "src", borrowT(in), "len", u64T), splice(true))
}

// blockingRead waits until s has data (or ends) and reads up to n bytes.
func blockingRead(ctx context.Context, s inputStream, n int) ([]byte, error) {
	for {
		// Take the wait channel before reading, so that data arriving
		// between the read and the wait is not missed.
		ch := s.wait()
		b, err := s.read(n)
		if err != nil || len(b) > 0 || n == 0 {
			return b, err
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// blockingWrite writes all of b, waiting for room as needed, then flushes
// and waits for the flush.
func blockingWrite(ctx context.Context, s outputStream, b []byte) error {
	for len(b) > 0 {
		if err := block(ctx, s); err != nil {
			return err
		}
		n, err := s.checkWrite()
		if err != nil {
			return err
		}
		if n == 0 {
			continue
		}
		k := int(min(n, uint64(len(b))))
		if err := s.write(b[:k]); err != nil {
			return err
		}
		b = b[k:]
	}
	return blockingFlush(ctx, s)
}

func blockingFlush(ctx context.Context, s outputStream) error {
	if err := s.flush(); err != nil {
		return err
	}
	if err := block(ctx, s); err != nil {
		return err
	}
	_, err := s.checkWrite()
	return err
}

// spliceStreams moves up to n bytes from src to dst.
func spliceStreams(ctx context.Context, dst outputStream, src inputStream, n int, blocking bool) (int, error) {
	if blocking {
		if err := block(ctx, dst); err != nil {
			return 0, err
		}
	}
	room, err := dst.checkWrite()
	if err != nil {
		return 0, err
	}
	n = int(min(uint64(n), room))
	if n == 0 {
		return 0, nil
	}
	var b []byte
	if blocking {
		b, err = blockingRead(ctx, src, n)
	} else {
		b, err = src.read(n)
	}
	if err != nil {
		return 0, err
	}
	if len(b) == 0 {
		return 0, nil
	}
	if err := dst.write(b); err != nil {
		return 0, err
	}
	return len(b), nil
}
