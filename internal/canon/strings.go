package canon

import (
	"encoding/binary"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/weftwasm/weft/value"
)

// utf16Tag marks a latin1+utf16 string length as counting UTF-16 code units.
const utf16Tag = 1 << 31

// loadString lifts a string value of taggedLen code units at ptr.
func (lf *lifter) loadString(ptr, taggedLen uint32) (value.Value, error) {
	s, err := lf.loadStr(ptr, taggedLen)
	if err != nil {
		return value.Value{}, err
	}
	return value.String(s), nil
}

// loadStr lifts a string of taggedLen code units at ptr, in the options'
// encoding.
func (lf *lifter) loadStr(ptr, taggedLen uint32) (string, error) {
	enc := lf.opts.StringEncoding
	var byteLen uint64
	align := uint32(2)
	switch {
	case enc > Latin1UTF16:
		return "", errEncoding(enc)
	case enc == UTF8:
		byteLen, align = uint64(taggedLen), 1
	case enc == UTF16:
		byteLen = 2 * uint64(taggedLen)
	case taggedLen&utf16Tag != 0:
		enc, byteLen = UTF16, 2*uint64(taggedLen^utf16Tag)
	default:
		byteLen = uint64(taggedLen)
	}
	if byteLen > MaxStringByteLength {
		return "", trapf(TrapStringTooLong, "string of %d bytes is longer than the limit of %d", byteLen, MaxStringByteLength)
	}
	if err := lf.checkRange(uint64(ptr), byteLen, align, siteString); err != nil {
		return "", err
	}
	if err := lf.consume(byteLen, 1); err != nil {
		return "", err
	}
	b := lf.mem[ptr : uint64(ptr)+byteLen]
	switch enc {
	case UTF8:
		if err := checkUTF8(b); err != nil {
			return "", err
		}
		return string(b), nil
	case UTF16:
		return decodeUTF16(b)
	}
	return decodeLatin1(b), nil
}

// checkUTF8 traps unless b is valid UTF-8, telling an invalid sequence from
// one cut short by the end of the string, as wasmtime's messages do.
func checkUTF8(b []byte) error {
	if utf8.Valid(b) {
		return nil
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			if !utf8.FullRune(b[i:]) {
				return trapf(TrapIncompleteUTF8, "incomplete utf-8 byte sequence from index %d", i)
			}
			return trapf(TrapInvalidUTF8, "invalid utf-8 sequence from index %d", i)
		}
		i += size
	}
	return trapf(TrapInvalidUTF8, "invalid utf-8")
}

func decodeUTF16(b []byte) (string, error) {
	n := len(b) / 2
	out := make([]byte, 0, n)
	// ASCII runs are copied a byte at a time without decoding.
	i := 0
	for ; i < n && b[2*i+1] == 0 && b[2*i] < utf8.RuneSelf; i++ {
		out = append(out, b[2*i])
	}
	for ; i < n; i++ {
		u := rune(binary.LittleEndian.Uint16(b[2*i:]))
		switch {
		case u < utf8.RuneSelf:
			out = append(out, byte(u))
		case u < 0xD800 || u > 0xDFFF:
			out = utf8.AppendRune(out, u)
		case u < 0xDC00 && i+1 < n:
			lo := rune(binary.LittleEndian.Uint16(b[2*i+2:]))
			if lo < 0xDC00 || lo > 0xDFFF {
				return "", trapf(TrapInvalidUTF16, "invalid utf-16: unpaired surrogate %#x at code unit %d", u, i)
			}
			out = utf8.AppendRune(out, utf16.DecodeRune(u, lo))
			i++
		default:
			return "", trapf(TrapInvalidUTF16, "invalid utf-16: unpaired surrogate %#x at code unit %d", u, i)
		}
	}
	return ownedString(out), nil
}

func decodeLatin1(b []byte) string {
	i := 0
	for i < len(b) && b[i] < utf8.RuneSelf {
		i++
	}
	if i == len(b) {
		return string(b)
	}
	out := make([]byte, i, len(b)+(len(b)-i))
	copy(out, b[:i])
	for _, c := range b[i:] {
		if c < utf8.RuneSelf {
			out = append(out, c)
		} else {
			out = append(out, 0xC0|c>>6, 0x80|c&0x3F)
		}
	}
	return ownedString(out)
}

// ownedString turns b into a string without copying; b must not be used
// afterwards (it is a fresh buffer the caller gives up).
func ownedString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// storeString lowers s into a fresh allocation in the options' encoding
// and returns its pointer and (tagged) length. s is the source in UTF-8, so
// the allocations follow the spec's paths from a utf8 source:
// store_string_copy, store_utf8_to_utf16 and
// store_string_to_latin1_or_utf16.
func (lw *lowerer) storeString(s string) (uint32, uint32, error) {
	if !utf8.ValidString(s) {
		return 0, 0, fmt.Errorf("canon: %w", &value.MismatchError{Want: value.StringType, Got: value.KindString, Detail: "string is not valid UTF-8"})
	}
	n := uint64(len(s))
	switch lw.opts.StringEncoding {
	case UTF8:
		if n > MaxStringByteLength {
			return 0, 0, tooLong(n)
		}
		ptr, err := lw.alloc(0, 0, 1, uint32(n), siteString)
		if err != nil {
			return 0, 0, err
		}
		copy(lw.mem[ptr:], s)
		return ptr, uint32(n), nil
	case UTF16:
		size := 2 * n
		if size > MaxStringByteLength {
			return 0, 0, tooLong(n)
		}
		ptr, err := lw.alloc(0, 0, 2, uint32(size), siteString)
		if err != nil {
			return 0, 0, err
		}
		units := putUTF16(lw.mem[ptr:], s)
		if 2*units < uint32(size) {
			if ptr, err = lw.alloc(ptr, uint32(size), 2, 2*units, siteString); err != nil {
				return 0, 0, err
			}
		}
		return ptr, units, nil
	case Latin1UTF16:
		return lw.storeLatin1OrUTF16(s)
	}
	return 0, 0, errEncoding(lw.opts.StringEncoding)
}

func errEncoding(e StringEncoding) error {
	return fmt.Errorf("canon: invalid string encoding %d", e)
}

func tooLong(n uint64) *Trap {
	return trapf(TrapStringTooLong, "string length of %d too large to copy into wasm", n)
}

// storeLatin1OrUTF16 writes s as latin1 while it can, switching to UTF-16
// (and inflating what it wrote) at the first character above U+00FF.
func (lw *lowerer) storeLatin1OrUTF16(s string) (uint32, uint32, error) {
	if len(s) > MaxStringByteLength {
		return 0, 0, tooLong(uint64(len(s)))
	}
	n := uint32(len(s))
	ptr, err := lw.alloc(0, 0, 2, n, siteString)
	if err != nil {
		return 0, 0, err
	}
	// An ASCII prefix is latin1 as is.
	var count uint32
	for count < n && s[count] < utf8.RuneSelf {
		count++
	}
	copy(lw.mem[ptr:ptr+count], s[:count])
	rest := s[count:]
	for i, r := range rest {
		if r < 0x100 {
			lw.mem[ptr+count] = byte(r)
			count++
			continue
		}
		worst := 2 * n
		if worst > MaxStringByteLength {
			return 0, 0, tooLong(uint64(n))
		}
		if ptr, err = lw.alloc(ptr, n, 2, worst, siteString); err != nil {
			return 0, 0, err
		}
		dst := lw.mem[ptr : ptr+worst]
		for j := int(count) - 1; j >= 0; j-- {
			dst[2*j] = dst[j]
			dst[2*j+1] = 0
		}
		units := count + putUTF16(dst[2*count:], rest[i:])
		if worst > 2*units {
			if ptr, err = lw.alloc(ptr, worst, 2, 2*units, siteString); err != nil {
				return 0, 0, err
			}
		}
		return ptr, units | utf16Tag, nil
	}
	if count < n {
		if ptr, err = lw.alloc(ptr, n, 2, count, siteString); err != nil {
			return 0, 0, err
		}
	}
	return ptr, count, nil
}

// putUTF16 writes s (valid UTF-8) as UTF-16LE into dst, which is large
// enough, and returns the number of code units written.
func putUTF16(dst []byte, s string) uint32 {
	var units uint32
	for units < uint32(len(s)) && s[units] < utf8.RuneSelf {
		dst[2*units] = s[units]
		dst[2*units+1] = 0
		units++
	}
	for _, r := range s[units:] {
		if r >= 0x10000 {
			hi, lo := utf16.EncodeRune(r)
			binary.LittleEndian.PutUint16(dst[2*units:], uint16(hi))
			binary.LittleEndian.PutUint16(dst[2*units+2:], uint16(lo))
			units += 2
			continue
		}
		binary.LittleEndian.PutUint16(dst[2*units:], uint16(r))
		units++
	}
	return units
}
