package wasip2

import (
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"

	"github.com/weftwasm/weft/value"
)

// lockedReader serialises reads from a random source.
type lockedReader struct {
	mu sync.Mutex
	r  io.Reader
}

func (l *lockedReader) bytes(n int) ([]byte, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := make([]byte, n)
	if _, err := io.ReadFull(l.r, b); err != nil {
		return nil, fmt.Errorf("wasi: random source: %w", err)
	}
	return b, nil
}

func (l *lockedReader) u64() (uint64, error) {
	b, err := l.bytes(8)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint64(b), nil
}

// chachaReader adapts a seeded ChaCha8 generator to io.Reader.
type chachaReader struct{ c *rand.ChaCha8 }

func (c chachaReader) Read(p []byte) (int, error) { return c.c.Read(p) }

func (h *Host) initRandom() error {
	src := h.cfg.random
	if src == nil {
		src = crand.Reader
	}
	h.random = &lockedReader{r: src}
	var seed [32]byte
	if _, err := io.ReadFull(crand.Reader, seed[:]); err != nil {
		return fmt.Errorf("wasip2: seeding the insecure generator: %w", err)
	}
	insecure := h.cfg.insecure
	if insecure == nil {
		insecure = chachaReader{rand.NewChaCha8(seed)}
	}
	h.insec = &lockedReader{r: insecure}
	if h.cfg.seed != nil {
		h.seed = *h.cfg.seed
	} else {
		h.seed = [2]uint64{binary.LittleEndian.Uint64(seed[:8]) ^ binary.LittleEndian.Uint64(seed[16:24]),
			binary.LittleEndian.Uint64(seed[8:16]) ^ binary.LittleEndian.Uint64(seed[24:])}
	}
	return nil
}

// maxRandom bounds one request for random bytes; more is a trap. A list
// of bytes costs the host one value.Value (32 bytes) per byte, so a
// hostile guest asking for a lot would make the host hold 32 times that.
const maxRandom = 1 << 20

func randomFuncs(l *funcList) {
	gen := func(iface, prefix string, source func(*Host) *lockedReader) {
		l.add(iface, "get-"+prefix+"random-bytes", fn(bytesT, "len", u64T),
			func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
				n := args[0].U64()
				if n > maxRandom {
					return value.Value{}, &TrapError{iface + "#get-" + prefix + "random-bytes", fmt.Sprintf("%d bytes requested (at most %d)", n, maxRandom)}
				}
				b, err := source(h).bytes(int(n))
				if err != nil {
					return value.Value{}, err
				}
				return bytesValue(b), nil
			})
		l.add(iface, "get-"+prefix+"random-u64", fn(u64T), func(_ context.Context, h *Host, _ []value.Value) (value.Value, error) {
			x, err := source(h).u64()
			return value.U64(x), err
		})
	}
	gen(ifaceRandom, "", func(h *Host) *lockedReader { return h.random })
	gen(ifaceInsecure, "insecure-", func(h *Host) *lockedReader { return h.insec })
	l.add(ifaceInsecureSeed, "insecure-seed", fn(tupleT(u64T, u64T)), func(_ context.Context, h *Host, _ []value.Value) (value.Value, error) {
		return value.Tuple(value.U64(h.seed[0]), value.U64(h.seed[1])), nil
	})
}
