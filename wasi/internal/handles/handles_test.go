package handles

import (
	"errors"
	"testing"

	"github.com/weftwasm/weft/value"
)

func TestTable(t *testing.T) {
	a, b := &value.ResourceType{Name: "a"}, &value.ResourceType{Name: "b"}
	var tb Table
	r1, r2 := tb.Add(a, "one"), tb.Add(b, "two")
	if r1 == 0 || r2 == 0 || r1 == r2 {
		t.Fatalf("reps %d, %d", r1, r2)
	}
	if obj, err := tb.Get(a, r1); err != nil || obj != "one" {
		t.Fatalf("Get: %v, %v", obj, err)
	}
	var he *Error
	if _, err := tb.Get(b, r1); !errors.As(err, &he) || he.Have != a || err.Error() != "handle 1 is a a, not a b" {
		t.Fatalf("wrong type: %v", err)
	}
	if obj, err := tb.Remove(a, r1); err != nil || obj != "one" {
		t.Fatalf("Remove: %v, %v", obj, err)
	}
	if _, err := tb.Get(a, r1); !errors.As(err, &he) || he.Have != nil || err.Error() != "a handle 1 is not live" {
		t.Fatalf("dead handle: %v", err)
	}
	if _, err := tb.Remove(a, 0); err == nil {
		t.Fatal("rep 0 removed")
	}
	if r3 := tb.Add(a, "three"); r3 != r1 {
		t.Fatalf("freed slot not reused: %d", r3)
	}
	if objs := tb.Drain(); len(objs) != 2 {
		t.Fatalf("Drain: %v", objs)
	}
	if _, err := tb.Get(b, r2); err == nil {
		t.Fatal("handle live after Drain")
	}
}
