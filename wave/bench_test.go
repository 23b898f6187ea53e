package wave

import (
	"strconv"
	"strings"
	"testing"

	"github.com/weftwasm/weft/value"
)

// benchRecord is a record of lists: the shape of a typical batch argument.
var benchRecord = &value.RecordType{Name: "batch", Fields: []value.Field{
	{Name: "names", Type: &value.ListType{Elem: value.StringType}},
	{Name: "scores", Type: &value.ListType{Elem: value.F64Type}},
	{Name: "ids", Type: &value.ListType{Elem: value.U32Type}},
	{Name: "tags", Type: &value.ListType{Elem: &value.OptionType{Elem: value.StringType}}},
}}

func benchText(n int) string {
	var names, scores, ids, tags []string
	for i := 0; i < n; i++ {
		names = append(names, strconv.Quote("name-"+strconv.Itoa(i)))
		scores = append(scores, strconv.FormatFloat(float64(i)*1.25, 'f', -1, 64))
		ids = append(ids, strconv.Itoa(i*7919))
		if i%2 == 0 {
			tags = append(tags, `some("t\t`+strconv.Itoa(i)+`")`)
		} else {
			tags = append(tags, "none")
		}
	}
	return "{names: [" + strings.Join(names, ", ") + "], scores: [" + strings.Join(scores, ", ") +
		"], ids: [" + strings.Join(ids, ", ") + "], tags: [" + strings.Join(tags, ", ") + "]}"
}

// BenchmarkParseFormatRecordOfLists parses and re-prints a record of four
// 100-element lists (about 4 KB of WAVE text).
func BenchmarkParseFormatRecordOfLists(b *testing.B) {
	text := benchText(100)
	var buf []byte
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		v, err := ParseValue(text, benchRecord)
		if err != nil {
			b.Fatal(err)
		}
		if buf, err = Append(buf[:0], v, benchRecord); err != nil {
			b.Fatal(err)
		}
	}
	if string(buf) != text {
		b.Fatalf("round trip changed the text:\n%s\n%s", text, buf)
	}
}

// BenchmarkFormatRecordOfLists prints the same record from a parsed value.
func BenchmarkFormatRecordOfLists(b *testing.B) {
	v, err := ParseValue(benchText(100), benchRecord)
	if err != nil {
		b.Fatal(err)
	}
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		if buf, err = Append(buf[:0], v, benchRecord); err != nil {
			b.Fatal(err)
		}
	}
}
