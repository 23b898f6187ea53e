package wasihttp

import (
	"context"
	"net/http"
	"strings"
	"sync"

	"github.com/weftwasm/weft/value"
)

// defaultForbidden are the header names a guest may not set: the
// hop-by-hop headers the host's HTTP implementation manages itself.
var defaultForbidden = []string{
	"connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
	"proxy-connection", "te", "transfer-encoding", "upgrade", "http2-settings",
}

// headerErr is a header-error case.
type headerErr string

const (
	errInvalidSyntax headerErr = "invalid-syntax"
	errForbidden     headerErr = "forbidden"
	errImmutable     headerErr = "immutable"
)

// fields is the object behind a fields handle: an ordered multimap of
// lower-cased names to values. Several handles may share one (a request's
// headers and the request itself).
type fields struct {
	mu        sync.Mutex
	entries   []fieldEntry
	immutable bool
}

type fieldEntry struct {
	name  string
	value []byte
}

// validName reports whether s is an HTTP token (RFC 9110 field-name).
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// validValue reports whether b is a valid field-value: no NUL, CR or LF,
// and no leading or trailing whitespace.
func validValue(b []byte) bool {
	for _, c := range b {
		if c == 0 || c == '\r' || c == '\n' || (c < 0x20 && c != '\t') || c == 0x7f {
			return false
		}
	}
	if n := len(b); n > 0 && (b[0] == ' ' || b[0] == '\t' || b[n-1] == ' ' || b[n-1] == '\t') {
		return false
	}
	return true
}

// checkName validates a name the guest supplies and returns it lower-cased.
func (h *Host) checkName(name string) (string, headerErr) {
	if !validName(name) {
		return "", errInvalidSyntax
	}
	n := strings.ToLower(name)
	if h.link.forbidden[n] {
		return "", errForbidden
	}
	return n, ""
}

func (f *fields) get(name string) [][]byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out [][]byte
	for _, e := range f.entries {
		if e.name == name {
			out = append(out, e.value)
		}
	}
	return out
}

func (f *fields) del(name string) {
	kept := f.entries[:0]
	for _, e := range f.entries {
		if e.name != name {
			kept = append(kept, e)
		}
	}
	f.entries = kept
}

func (f *fields) clone() *fields {
	f.mu.Lock()
	defer f.mu.Unlock()
	return &fields{entries: append([]fieldEntry(nil), f.entries...)}
}

// header converts f to a Go http.Header.
func (f *fields) header() http.Header {
	f.mu.Lock()
	defer f.mu.Unlock()
	hd := make(http.Header, len(f.entries))
	for _, e := range f.entries {
		k := http.CanonicalHeaderKey(e.name)
		hd[k] = append(hd[k], string(e.value))
	}
	return hd
}

// fieldsFromHeader converts a Go header, leaving out forbidden names.
func (h *Host) fieldsFromHeader(hd http.Header, immutable bool) *fields {
	f := &fields{immutable: immutable}
	for k, vs := range hd {
		n := strings.ToLower(k)
		if h.link.forbidden[n] {
			continue
		}
		for _, v := range vs {
			f.entries = append(f.entries, fieldEntry{n, []byte(v)})
		}
	}
	return f
}

func (h *Host) headerResult(e headerErr) value.Value {
	if e == "" {
		return value.OkEmpty()
	}
	return value.Err(value.VariantCase(string(e)))
}

func (l *link) fieldsFuncs(fs *funcList) {
	t := l.types
	rt := t.fields
	name := stringT
	entryList := listT(tupleT(name, bytesT))
	unitRes := resultT(nil, t.headerError)
	fnF := func(fname string, ft *value.FuncType, body func(ctx context.Context, h *Host, f *fields, args []value.Value) (value.Value, error)) {
		fs.add(ifaceTypes, "[method]fields."+fname, ft, func(ctx context.Context, h *Host, args []value.Value) (value.Value, error) {
			f, err := lookup[*fields](h, rt, args[0])
			if err != nil {
				return value.Value{}, err
			}
			return body(ctx, h, f, args)
		})
	}
	fs.add(ifaceTypes, "[constructor]fields", fn(ownT(rt)), func(_ context.Context, h *Host, _ []value.Value) (value.Value, error) {
		return h.own(rt, &fields{}), nil
	})
	fs.add(ifaceTypes, "[static]fields.from-list", fn(resultT(ownT(rt), t.headerError), "entries", entryList),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			f := &fields{}
			for _, e := range args[0].Elems() {
				kv := e.Elems()
				n, herr := h.checkName(kv[0].Str())
				b, _ := kv[1].Bytes()
				if herr == "" && !validValue(b) {
					herr = errInvalidSyntax
				}
				if herr != "" {
					return h.headerResult(herr), nil
				}
				f.entries = append(f.entries, fieldEntry{n, append([]byte(nil), b...)})
			}
			return value.Ok(h.own(rt, f)), nil
		})
	fnF("get", method(rt, listT(bytesT), "name", name), func(_ context.Context, h *Host, f *fields, args []value.Value) (value.Value, error) {
		vals := f.get(strings.ToLower(args[1].Str()))
		out := make([]value.Value, len(vals))
		for i, v := range vals {
			out[i] = value.Bytes(v)
		}
		return value.List(out...), nil
	})
	fnF("has", method(rt, boolT, "name", name), func(_ context.Context, h *Host, f *fields, args []value.Value) (value.Value, error) {
		return value.Bool(len(f.get(strings.ToLower(args[1].Str()))) > 0), nil
	})
	mutate := func(fname string, ft *value.FuncType, change func(f *fields, n string, args []value.Value) headerErr) {
		fnF(fname, ft, func(_ context.Context, h *Host, f *fields, args []value.Value) (value.Value, error) {
			n, herr := h.checkName(args[1].Str())
			if herr != "" {
				return h.headerResult(herr), nil
			}
			f.mu.Lock()
			defer f.mu.Unlock()
			if f.immutable {
				return h.headerResult(errImmutable), nil
			}
			return h.headerResult(change(f, n, args)), nil
		})
	}
	mutate("set", method(rt, unitRes, "name", name, "value", listT(bytesT)), func(f *fields, n string, args []value.Value) headerErr {
		var add []fieldEntry
		for _, v := range args[2].Elems() {
			b, _ := v.Bytes()
			if !validValue(b) {
				return errInvalidSyntax
			}
			add = append(add, fieldEntry{n, append([]byte(nil), b...)})
		}
		f.del(n)
		f.entries = append(f.entries, add...)
		return ""
	})
	mutate("delete", method(rt, unitRes, "name", name), func(f *fields, n string, _ []value.Value) headerErr {
		f.del(n)
		return ""
	})
	mutate("append", method(rt, unitRes, "name", name, "value", bytesT), func(f *fields, n string, args []value.Value) headerErr {
		b, _ := args[2].Bytes()
		if !validValue(b) {
			return errInvalidSyntax
		}
		f.entries = append(f.entries, fieldEntry{n, append([]byte(nil), b...)})
		return ""
	})
	fnF("entries", method(rt, entryList), func(_ context.Context, h *Host, f *fields, _ []value.Value) (value.Value, error) {
		f.mu.Lock()
		defer f.mu.Unlock()
		out := make([]value.Value, len(f.entries))
		for i, e := range f.entries {
			out[i] = value.Tuple(value.String(e.name), value.Bytes(e.value))
		}
		return value.List(out...), nil
	})
	fnF("clone", method(rt, ownT(rt)), func(_ context.Context, h *Host, f *fields, _ []value.Value) (value.Value, error) {
		return h.own(rt, f.clone()), nil
	})
}
