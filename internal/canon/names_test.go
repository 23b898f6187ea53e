package canon

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/weftwasm/weft/value"
)

func TestNames(t *testing.T) {
	for _, n := range [][2]string{
		{I32.String(), "i32"}, {I64.String(), "i64"}, {F32.String(), "f32"}, {F64.String(), "f64"}, {CoreType(0).String(), "invalid"},
		{UTF8.String(), "utf8"}, {UTF16.String(), "utf16"}, {Latin1UTF16.String(), "latin1+utf16"}, {StringEncoding(9).String(), "invalid"},
		{CanonLift.String(), "lift"}, {CanonLower.String(), "lower"}, {Direction(0).String(), "invalid"},
	} {
		if n[0] != n[1] {
			t.Errorf("name %q, want %q", n[0], n[1])
		}
	}
	if (&Trap{Code: TrapInvalidChar, Reason: "r"}).Error() != "r" {
		t.Error("Trap.Error is not the reason")
	}
	var c Cache
	if _, err := c.Signature(funcType(nil), Direction(7)); err == nil {
		t.Error("invalid direction accepted")
	}
}

type failingHandles struct{ err error }

func (f failingHandles) LiftHandle(value.Type, uint32) (*value.Handle, error) { return nil, f.err }
func (f failingHandles) LowerHandle(value.Type, *value.Handle) (uint32, error) {
	return 0, f.err
}

func TestHandleTableErrors(t *testing.T) {
	ctx := context.Background()
	boom := errors.New("cannot lower: handle already moved")
	var c Cache
	l, _ := c.Layout(&value.ListType{Elem: handleT})
	e := newEnv(UTF8)
	e.opts.Handles = failingHandles{boom}
	h := value.Own(&value.Handle{Type: res, Rep: 1})
	if _, err := LowerFlat(ctx, e.opts, l, value.List(h), nil); !errors.Is(err, boom) {
		t.Errorf("lower: %v", err)
	}
	e.opts.Handles = nil
	if _, err := LowerFlat(ctx, e.opts, l, value.List(h), nil); !errors.Is(err, ErrNoHandles) {
		t.Errorf("lower without handles: %v", err)
	}
	ml, _ := c.Layout(&value.MapType{Key: value.U8Type, Value: value.U8Type})
	if _, err := LowerFlat(ctx, newEnv(UTF8).opts, ml, value.Map(value.U8(1)), nil); err == nil || !strings.Contains(err.Error(), "key/value pairs") {
		t.Errorf("odd map: %v", err)
	}
}

func TestNilOptions(t *testing.T) {
	var c Cache
	str, _ := c.Layout(value.StringType)
	if _, err := LiftFlat(nil, str, []uint64{0, 0}); !errors.Is(err, ErrNoMemory) {
		t.Errorf("lift with nil options: %v", err)
	}
	if _, err := LowerFlat(context.Background(), nil, str, value.String(""), nil); !errors.Is(err, ErrNoRealloc) {
		t.Errorf("lower with nil options: %v", err)
	}
	u8, _ := c.Layout(value.U8Type)
	if v, err := LiftFlat(nil, u8, []uint64{7}); err != nil || v.U8() != 7 {
		t.Errorf("scalar lift with nil options: %v %v", v, err)
	}
}

func TestInvalidStringEncoding(t *testing.T) {
	e := newEnv(StringEncoding(7))
	if _, _, err := LowerString(context.Background(), e.opts, "x"); err == nil || !strings.Contains(err.Error(), "invalid string encoding") {
		t.Errorf("lower: %v", err)
	}
	if _, err := LiftString(e.opts, 0, 0); err == nil || !strings.Contains(err.Error(), "invalid string encoding") {
		t.Errorf("lift: %v", err)
	}
}
