package devstack

import "syscall"

// devServerProcAttr puts the dev server in its own process group, and has Linux
// stop it if the worker dies without stopping it.
func devServerProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
}
