package storetest

import "os/exec"

// runAs does nothing on Windows: the tests never run PostgreSQL as root
// there, so there is no user to switch to.
func runAs(*exec.Cmd, int, int) {}
