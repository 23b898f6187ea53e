//go:build !linux && !darwin

package wasip2

import "os"

// sysStat knows only what os.FileInfo carries on this system: no link
// count, access or change time, nor device and inode numbers.
func sysStat(os.FileInfo) statExtra { return statExtra{nlink: 1} }
