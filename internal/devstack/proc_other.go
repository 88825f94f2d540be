//go:build !linux

package devstack

import "syscall"

// devServerProcAttr keeps the platform's defaults where process groups differ.
func devServerProcAttr() *syscall.SysProcAttr {
	return nil
}
