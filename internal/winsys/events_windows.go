//go:build windows

package winsys

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"
)

// wevtapi.dll, called by hand: x/sys/windows has no bindings for it.
var (
	modwevtapi       = windows.NewLazySystemDLL("wevtapi.dll")
	procEvtQuery     = modwevtapi.NewProc("EvtQuery")
	procEvtNext      = modwevtapi.NewProc("EvtNext")
	procEvtRender    = modwevtapi.NewProc("EvtRender")
	procEvtClose     = modwevtapi.NewProc("EvtClose")
	procEvtExportLog = modwevtapi.NewProc("EvtExportLog")
)

// winevt.h constants.
const (
	evtQueryChannelPath         = 0x1
	evtQueryTolerateQueryErrors = 0x1000
	evtRenderEventXML           = 1
	evtExportLogChannelPath     = 0x1
	evtExportLogTolerateErrors  = 0x1000
	evtBatch                    = 64
	evtNextTimeoutMs            = 1000

	errorNoMoreItems        = syscall.Errno(259)
	errorInsufficientBuffer = syscall.Errno(122)
	errorEvtChannelNotFound = syscall.Errno(15007)
	errorEvtInvalidQuery    = syscall.Errno(15001)
	errorFileNotFound       = syscall.Errno(2)
)

// wevtLog reads the event log through wevtapi.dll.
type wevtLog struct{}

func evtErr(op string, err error) error {
	var en syscall.Errno
	if errors.As(err, &en) {
		switch en {
		case errorEvtChannelNotFound, errorFileNotFound:
			return fmt.Errorf("%s: %w", op, ErrNotExist)
		case 0:
			// No handle and no error set (Wine's stub wevtapi).
			return &Error{Op: op, Code: 0, Msg: "returned no handle and no error"}
		}
		return &Error{Op: op, Code: uint32(en), Msg: en.Error()}
	}
	return fmt.Errorf("%s: %v", op, err)
}

func evtClose(h uintptr) {
	if h != 0 {
		procEvtClose.Call(h)
	}
}

func (wevtLog) Render(ctx context.Context, channel, xpath string, fn func([]byte) error) error {
	if err := modwevtapi.Load(); err != nil {
		return ErrUnsupported
	}
	// A query handle may be used only on the thread that created it.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	ch, err := windows.UTF16PtrFromString(channel)
	if err != nil {
		return err
	}
	q, err := windows.UTF16PtrFromString(xpath)
	if err != nil {
		return err
	}
	h, _, callErr := procEvtQuery.Call(0, uintptr(unsafe.Pointer(ch)), uintptr(unsafe.Pointer(q)), evtQueryChannelPath|evtQueryTolerateQueryErrors)
	if h == 0 {
		return evtErr("EvtQuery "+channel, callErr)
	}
	defer evtClose(h)
	handles := make([]uintptr, evtBatch)
	buf := make([]uint16, 16<<10)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		var n uint32
		ok, _, callErr := procEvtNext.Call(h, evtBatch, uintptr(unsafe.Pointer(&handles[0])), evtNextTimeoutMs, 0, uintptr(unsafe.Pointer(&n)))
		if ok == 0 {
			if errors.Is(callErr, errorNoMoreItems) {
				return nil
			}
			return evtErr("EvtNext", callErr)
		}
		var ferr error
		for i := range int(n) {
			if ferr == nil {
				var xml []uint16
				xml, buf, ferr = renderXML(handles[i], buf)
				if ferr == nil {
					ferr = fn([]byte(windows.UTF16ToString(xml)))
				}
			}
			evtClose(handles[i])
		}
		if ferr != nil {
			return ferr
		}
	}
}

// renderXML renders one event as XML into buf, growing it when needed.
func renderXML(evt uintptr, buf []uint16) ([]uint16, []uint16, error) {
	for range 2 {
		var used, props uint32
		ok, _, callErr := procEvtRender.Call(0, evt, evtRenderEventXML, uintptr(len(buf)*2), uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&used)), uintptr(unsafe.Pointer(&props)))
		if ok != 0 {
			return buf[:used/2], buf, nil
		}
		if !errors.Is(callErr, errorInsufficientBuffer) {
			return nil, buf, evtErr("EvtRender", callErr)
		}
		buf = make([]uint16, used/2+1)
	}
	return nil, buf, errors.New("EvtRender: buffer keeps growing")
}

func (wevtLog) Export(ctx context.Context, channel, xpath, dst string) error {
	if err := modwevtapi.Load(); err != nil {
		return ErrUnsupported
	}
	ch, err := windows.UTF16PtrFromString(channel)
	if err != nil {
		return err
	}
	q, err := windows.UTF16PtrFromString(xpath)
	if err != nil {
		return err
	}
	d, err := windows.UTF16PtrFromString(dst)
	if err != nil {
		return err
	}
	ok, _, callErr := procEvtExportLog.Call(0, uintptr(unsafe.Pointer(ch)), uintptr(unsafe.Pointer(q)), uintptr(unsafe.Pointer(d)), evtExportLogChannelPath|evtExportLogTolerateErrors)
	if ok == 0 {
		return evtErr("EvtExportLog "+channel, callErr)
	}
	return nil
}
