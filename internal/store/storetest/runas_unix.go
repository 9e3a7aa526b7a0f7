//go:build !windows

package storetest

import (
	"os/exec"
	"syscall"
)

// runAs makes cmd run as uid:gid (no change for -1).
func runAs(cmd *exec.Cmd, uid, gid int) {
	if uid < 0 {
		return
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
}
