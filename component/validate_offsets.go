package component

// itemErr attaches to err the offset of definition i of sec, as the decoder
// recorded it (the section body's offset for hand-built ASTs).
func itemErr(sec Section, i int, err error) error {
	if err == nil {
		return nil
	}
	off := sec.Span().Body
	if s, ok := sec.(interface{ ItemOffset(int) int }); ok {
		off = s.ItemOffset(i)
	}
	return at(off, err)
}
