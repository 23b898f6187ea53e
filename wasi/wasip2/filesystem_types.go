package wasip2

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"time"

	"github.com/weftwasm/weft/value"
)

// dirStream is the object behind a directory-entry-stream handle.
type dirStream struct {
	entries []fs.DirEntry
	next    int
}

func (h *Host) statValue(fi fs.FileInfo) value.Value {
	x := sysStat(fi)
	opt := func(ok bool, tm time.Time) value.Value {
		if !ok {
			return value.None()
		}
		return value.Some(datetimeValue(tm))
	}
	return value.Record(
		value.Enum(descriptorType(fi.Mode())),
		value.U64(x.nlink),
		value.U64(uint64(max(fi.Size(), 0))),
		opt(x.times, x.atime),
		opt(true, fi.ModTime()),
		opt(x.times, x.ctime),
	)
}

// newTimestamp converts a checked new-timestamp to nil (no change) or a
// time.
func newTimestamp(v value.Value) *time.Time {
	switch v.Case() {
	case "now":
		now := time.Now()
		return &now
	case "timestamp":
		p, _ := v.Payload()
		tm := datetimeTime(p)
		return &tm
	}
	return nil
}

func hashValue(lo, hi uint64) value.Value { return value.Record(value.U64(lo), value.U64(hi)) }

func filesystemFuncs(l *funcList) {
	t := sharedTypes
	d := t.descriptor
	ec := t.fsErrorCode
	unitRes := resultT(nil, ec)
	desc := func(name string, ft *value.FuncType, body func(ctx context.Context, h *Host, d *descriptor, args []value.Value) (value.Value, error)) {
		l.add(ifaceFilesystem, "[method]descriptor."+name, ft, func(ctx context.Context, h *Host, args []value.Value) (value.Value, error) {
			dd, err := lookup[*descriptor](h, d, args[0])
			if err != nil {
				return value.Value{}, err
			}
			v, err := body(ctx, h, dd, args)
			if err != nil {
				if isTrap(err) {
					return value.Value{}, err
				}
				return value.Err(value.Enum(fsCode(err))), nil
			}
			return v, nil
		})
	}
	okIf := func(err error) (value.Value, error) {
		if err != nil {
			return value.Value{}, err
		}
		return value.OkEmpty(), nil
	}

	desc("read-via-stream", method(d, resultT(ownT(t.inputStream), ec), "offset", u64T),
		func(_ context.Context, h *Host, dd *descriptor, args []value.Value) (value.Value, error) {
			if dd.dir != nil {
				return value.Value{}, fsError("is-directory")
			}
			if !dd.read {
				return value.Value{}, fsError("bad-descriptor")
			}
			return value.Ok(h.own(t.inputStream, &fileReader{ref: dd.ref.acquire(), off: clampOffset(args[1].U64())})), nil
		})
	desc("write-via-stream", method(d, resultT(ownT(t.outputStream), ec), "offset", u64T),
		func(_ context.Context, h *Host, dd *descriptor, args []value.Value) (value.Value, error) {
			if _, err := dd.writable(); err != nil {
				return value.Value{}, err
			}
			return value.Ok(h.own(t.outputStream, &fileWriter{ref: dd.ref.acquire(), off: clampOffset(args[1].U64())})), nil
		})
	desc("append-via-stream", method(d, resultT(ownT(t.outputStream), ec)),
		func(_ context.Context, h *Host, dd *descriptor, _ []value.Value) (value.Value, error) {
			if _, err := dd.writable(); err != nil {
				return value.Value{}, err
			}
			return value.Ok(h.own(t.outputStream, &fileWriter{ref: dd.ref.acquire(), append: true})), nil
		})
	desc("advise", method(d, unitRes, "offset", u64T, "length", u64T, "advice", t.advice),
		func(_ context.Context, h *Host, dd *descriptor, _ []value.Value) (value.Value, error) {
			// Advice is a hint; accepting it without acting on it is
			// correct behaviour.
			_, err := dd.asFile()
			return okIf(err)
		})
	sync := func(dd *descriptor) error {
		if dd.file != nil {
			return dd.file.Sync()
		}
		f, err := dd.dir.Open(".")
		if err != nil {
			return err
		}
		defer f.Close()
		if err := f.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
			return err
		}
		return nil
	}
	desc("sync-data", method(d, unitRes), func(_ context.Context, h *Host, dd *descriptor, _ []value.Value) (value.Value, error) {
		return okIf(sync(dd))
	})
	desc("sync", method(d, unitRes), func(_ context.Context, h *Host, dd *descriptor, _ []value.Value) (value.Value, error) {
		return okIf(sync(dd))
	})
	desc("get-flags", method(d, resultT(t.descriptorFlags, ec)),
		func(_ context.Context, h *Host, dd *descriptor, _ []value.Value) (value.Value, error) {
			var names []string
			if dd.read {
				names = append(names, "read")
			}
			if dd.write {
				names = append(names, "write")
			}
			if dd.dir != nil && dd.mutate {
				names = append(names, "mutate-directory")
			}
			return value.Ok(value.Flags(names...)), nil
		})
	desc("get-type", method(d, resultT(t.descriptorType, ec)),
		func(_ context.Context, h *Host, dd *descriptor, _ []value.Value) (value.Value, error) {
			fi, err := dd.stat()
			if err != nil {
				return value.Value{}, err
			}
			return value.Ok(value.Enum(descriptorType(fi.Mode()))), nil
		})
	desc("set-size", method(d, unitRes, "size", u64T),
		func(_ context.Context, h *Host, dd *descriptor, args []value.Value) (value.Value, error) {
			f, err := dd.writable()
			if err != nil {
				return value.Value{}, err
			}
			if args[1].U64() > 1<<62 {
				return value.Value{}, fsError("file-too-large")
			}
			return okIf(f.Truncate(int64(args[1].U64())))
		})
	desc("set-times", method(d, unitRes, "data-access-timestamp", t.newTimestamp, "data-modification-timestamp", t.newTimestamp),
		func(_ context.Context, h *Host, dd *descriptor, args []value.Value) (value.Value, error) {
			return okIf(dd.setTimes("", newTimestamp(args[1]), newTimestamp(args[2])))
		})
	desc("read", method(d, resultT(tupleT(bytesT, boolT), ec), "length", u64T, "offset", u64T),
		func(_ context.Context, h *Host, dd *descriptor, args []value.Value) (value.Value, error) {
			b, eof, err := dd.readAt(clampLen(args[1].U64()), args[2].U64())
			if err != nil {
				return value.Value{}, err
			}
			return value.Ok(value.Tuple(bytesValue(b), value.Bool(eof))), nil
		})
	desc("write", method(d, resultT(u64T, ec), "buffer", bytesT, "offset", u64T),
		func(_ context.Context, h *Host, dd *descriptor, args []value.Value) (value.Value, error) {
			n, err := dd.writeAt(valueBytes(args[1]), args[2].U64())
			if err != nil {
				return value.Value{}, err
			}
			return value.Ok(value.U64(uint64(n))), nil
		})
	desc("read-directory", method(d, resultT(ownT(t.dirStream), ec)),
		func(_ context.Context, h *Host, dd *descriptor, _ []value.Value) (value.Value, error) {
			es, err := dd.dirEntries()
			if err != nil {
				return value.Value{}, err
			}
			return value.Ok(h.own(t.dirStream, &dirStream{entries: es})), nil
		})
	desc("create-directory-at", method(d, unitRes, "path", stringT),
		func(_ context.Context, h *Host, dd *descriptor, args []value.Value) (value.Value, error) {
			p := args[1].Str()
			dir, err := dd.atMutable(p)
			if err != nil {
				return value.Value{}, err
			}
			return okIf(dir.Mkdir(p, 0o777))
		})
	desc("stat", method(d, resultT(t.descriptorStat, ec)),
		func(_ context.Context, h *Host, dd *descriptor, _ []value.Value) (value.Value, error) {
			fi, err := dd.stat()
			if err != nil {
				return value.Value{}, err
			}
			return value.Ok(h.statValue(fi)), nil
		})
	desc("stat-at", method(d, resultT(t.descriptorStat, ec), "path-flags", t.pathFlags, "path", stringT),
		func(_ context.Context, h *Host, dd *descriptor, args []value.Value) (value.Value, error) {
			fi, err := dd.statAt(args[1].HasFlag("symlink-follow"), args[2].Str())
			if err != nil {
				return value.Value{}, err
			}
			return value.Ok(h.statValue(fi)), nil
		})
	desc("set-times-at", method(d, unitRes, "path-flags", t.pathFlags, "path", stringT,
		"data-access-timestamp", t.newTimestamp, "data-modification-timestamp", t.newTimestamp),
		func(_ context.Context, h *Host, dd *descriptor, args []value.Value) (value.Value, error) {
			p := args[2].Str()
			fi, err := dd.statAt(false, p)
			if err != nil {
				return value.Value{}, err
			}
			if fi.Mode()&fs.ModeSymlink != 0 && !args[1].HasFlag("symlink-follow") {
				return okIf(dd.setLinkTimes(p, newTimestamp(args[3]), newTimestamp(args[4])))
			}
			return okIf(dd.setTimes(p, newTimestamp(args[3]), newTimestamp(args[4])))
		})
	desc("link-at", method(d, unitRes, "old-path-flags", t.pathFlags, "old-path", stringT,
		"new-descriptor", borrowT(d), "new-path", stringT),
		func(_ context.Context, h *Host, dd *descriptor, args []value.Value) (value.Value, error) {
			other, err := lookup[*descriptor](h, d, args[3])
			if err != nil {
				return value.Value{}, err
			}
			if args[1].HasFlag("symlink-follow") {
				// Hard links to a symbolic link's target are not offered:
				// os.Root links the name itself.
				return value.Value{}, fsError("invalid")
			}
			a, b, err := dd.twoDirs(args[2].Str(), other, args[4].Str())
			if err != nil {
				return value.Value{}, err
			}
			return okIf(linkAt(a, args[2].Str(), b, args[4].Str()))
		})
	desc("open-at", method(d, resultT(ownT(d), ec), "path-flags", t.pathFlags, "path", stringT,
		"open-flags", t.openFlags, "flags", t.descriptorFlags),
		func(_ context.Context, h *Host, dd *descriptor, args []value.Value) (value.Value, error) {
			of, df := args[3], args[4]
			if df.HasFlag("file-integrity-sync") || df.HasFlag("data-integrity-sync") || df.HasFlag("requested-write-sync") {
				return value.Value{}, fsError("unsupported")
			}
			nd, err := dd.openAt(args[1].HasFlag("symlink-follow"), args[2].Str(),
				of.HasFlag("create"), of.HasFlag("directory"), of.HasFlag("exclusive"), of.HasFlag("truncate"),
				df.HasFlag("read"), df.HasFlag("write"), df.HasFlag("mutate-directory"))
			if err != nil {
				return value.Value{}, err
			}
			return value.Ok(h.own(d, nd)), nil
		})
	desc("readlink-at", method(d, resultT(stringT, ec), "path", stringT),
		func(_ context.Context, h *Host, dd *descriptor, args []value.Value) (value.Value, error) {
			p := args[1].Str()
			dir, err := dd.at(p)
			if err != nil {
				return value.Value{}, err
			}
			target, err := dir.Readlink(p)
			if err != nil {
				return value.Value{}, err
			}
			return value.Ok(value.String(target)), nil
		})
	desc("remove-directory-at", method(d, unitRes, "path", stringT),
		func(_ context.Context, h *Host, dd *descriptor, args []value.Value) (value.Value, error) {
			return okIf(dd.removeAt(args[1].Str(), true))
		})
	desc("rename-at", method(d, unitRes, "old-path", stringT, "new-descriptor", borrowT(d), "new-path", stringT),
		func(_ context.Context, h *Host, dd *descriptor, args []value.Value) (value.Value, error) {
			other, err := lookup[*descriptor](h, d, args[2])
			if err != nil {
				return value.Value{}, err
			}
			a, b, err := dd.twoDirs(args[1].Str(), other, args[3].Str())
			if err != nil {
				return value.Value{}, err
			}
			return okIf(renameAt(a, args[1].Str(), b, args[3].Str()))
		})
	desc("symlink-at", method(d, unitRes, "old-path", stringT, "new-path", stringT),
		func(_ context.Context, h *Host, dd *descriptor, args []value.Value) (value.Value, error) {
			target, p := args[1].Str(), args[2].Str()
			dir, err := dd.atMutable(p)
			if err != nil {
				return value.Value{}, err
			}
			// The target may be dangling or even point outside (following
			// it is refused later), but never be absolute.
			if err := checkPath(target); err != nil && target != "" {
				return value.Value{}, err
			}
			return okIf(dir.Symlink(target, p))
		})
	desc("unlink-file-at", method(d, unitRes, "path", stringT),
		func(_ context.Context, h *Host, dd *descriptor, args []value.Value) (value.Value, error) {
			return okIf(dd.removeAt(args[1].Str(), false))
		})
	l.add(ifaceFilesystem, "[method]descriptor.is-same-object", method(d, boolT, "other", borrowT(d)),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			a, err := lookup[*descriptor](h, d, args[0])
			if err != nil {
				return value.Value{}, err
			}
			b, err := lookup[*descriptor](h, d, args[1])
			if err != nil {
				return value.Value{}, err
			}
			fa, errA := a.stat()
			fb, errB := b.stat()
			return value.Bool(errA == nil && errB == nil && os.SameFile(fa, fb)), nil
		})
	desc("metadata-hash", method(d, resultT(t.metadataHash, ec)),
		func(_ context.Context, h *Host, dd *descriptor, _ []value.Value) (value.Value, error) {
			fi, err := dd.stat()
			if err != nil {
				return value.Value{}, err
			}
			return value.Ok(hashValue(metadataHash(fi))), nil
		})
	desc("metadata-hash-at", method(d, resultT(t.metadataHash, ec), "path-flags", t.pathFlags, "path", stringT),
		func(_ context.Context, h *Host, dd *descriptor, args []value.Value) (value.Value, error) {
			fi, err := dd.statAt(args[1].HasFlag("symlink-follow"), args[2].Str())
			if err != nil {
				return value.Value{}, err
			}
			return value.Ok(hashValue(metadataHash(fi))), nil
		})
	l.add(ifaceFilesystem, "[method]directory-entry-stream.read-directory-entry",
		method(t.dirStream, resultT(optionT(t.dirEntry), ec)),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			s, err := lookup[*dirStream](h, t.dirStream, args[0])
			if err != nil {
				return value.Value{}, err
			}
			if s.next >= len(s.entries) {
				return value.Ok(value.None()), nil
			}
			e := s.entries[s.next]
			s.next++
			return value.Ok(value.Some(value.Record(value.Enum(descriptorType(e.Type())), value.String(e.Name())))), nil
		})
	l.add(ifaceFilesystem, "filesystem-error-code", fn(optionT(ec), "err", borrowT(t.error)),
		func(_ context.Context, h *Host, args []value.Value) (value.Value, error) {
			e, err := lookup[*ioError](h, t.error, args[0])
			if err != nil {
				return value.Value{}, err
			}
			if e.origin != originFilesystem {
				return value.None(), nil
			}
			return value.Some(value.Enum(fsCode(e.err))), nil
		})
}

func clampOffset(off uint64) int64 {
	if off > 1<<62 {
		return 1 << 62
	}
	return int64(off)
}
