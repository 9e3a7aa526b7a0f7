//go:build windows

package winsys

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	ole "github.com/go-ole/go-ole"
	"github.com/go-ole/go-ole/oleutil"
)

// oleWMI is a small WMI reader on go-ole: SWbemLocator.ConnectServer,
// ExecQuery, and each property read through SWbemObject.Properties_.Item
// (name).Value, which works on Windows and under Wine, where direct member
// access on an SWbemObject returns E_NOTIMPL. A failing call returns
// DISP_E_EXCEPTION; the provider's own code is the SCODE of its EXCEPINFO,
// which unwrap puts into an *Error.
type oleWMI struct{ mu sync.Mutex }

const dispEException = 0x80020009

// unwrap turns a go-ole error into an *Error carrying the provider's
// HRESULT.
func unwrap(op string, err error) error {
	var oe *ole.OleError
	if !errors.As(err, &oe) {
		return fmt.Errorf("%s: %w", op, err)
	}
	code := uint32(oe.Code())
	if code == dispEException {
		if ex, ok := oe.SubError().(ole.EXCEPINFO); ok && ex.SCODE() != 0 {
			return &Error{Op: op, Code: ex.SCODE(), Msg: strings.TrimSpace(ex.String())}
		}
	}
	return &Error{Op: op, Code: code, Msg: oe.Description()}
}

func (w *oleWMI) Query(ctx context.Context, namespace, class string, props []string, where string) ([]Row, error) {
	if len(props) == 0 {
		return nil, errors.New("wmi: an explicit property list is required")
	}
	if namespace == "" {
		namespace = `root\cimv2`
	}
	wql := "SELECT " + strings.Join(props, ", ") + " FROM " + class
	if where != "" {
		wql += " WHERE " + where
	}
	type answer struct {
		rows []Row
		err  error
	}
	done := make(chan answer, 1)
	go func() {
		// One query at a time, on a thread of its own with COM set up.
		w.mu.Lock()
		defer w.mu.Unlock()
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		rows, err := query(namespace, wql, props)
		done <- answer{rows, err}
	}()
	select {
	case a := <-done:
		return a.rows, a.err
	case <-ctx.Done():
		// The COM call cannot be cancelled; its answer is dropped.
		return nil, ctx.Err()
	}
}

func query(namespace, wql string, props []string) ([]Row, error) {
	if err := ole.CoInitializeEx(0, ole.COINIT_MULTITHREADED); err != nil {
		var oe *ole.OleError
		// S_FALSE (1): already initialised on this thread.
		if !errors.As(err, &oe) || oe.Code() != 1 {
			return nil, unwrap("CoInitializeEx", err)
		}
	}
	defer ole.CoUninitialize()
	unk, err := oleutil.CreateObject("WbemScripting.SWbemLocator")
	if err != nil {
		return nil, unwrap("SWbemLocator", err)
	}
	defer unk.Release()
	loc, err := unk.QueryInterface(ole.IID_IDispatch)
	if err != nil {
		return nil, unwrap("SWbemLocator", err)
	}
	defer loc.Release()
	// Strings, not nil: Wine refuses a nil server (0x80020005).
	svcV, err := oleutil.CallMethod(loc, "ConnectServer", ".", namespace)
	if err != nil {
		return nil, unwrap("ConnectServer "+namespace, err)
	}
	svc := svcV.ToIDispatch()
	defer svc.Release()
	setV, err := oleutil.CallMethod(svc, "ExecQuery", wql)
	if err != nil {
		return nil, unwrap("ExecQuery", err)
	}
	set := setV.ToIDispatch()
	defer set.Release()
	var rows []Row
	err = oleutil.ForEach(set, func(v *ole.VARIANT) error {
		obj := v.ToIDispatch()
		defer obj.Release()
		row, err := readRow(obj, props)
		if err != nil {
			return err
		}
		rows = append(rows, row)
		return nil
	})
	if err != nil {
		return rows, unwrap("ExecQuery", err)
	}
	return rows, nil
}

func readRow(obj *ole.IDispatch, props []string) (Row, error) {
	psV, err := oleutil.GetProperty(obj, "Properties_")
	if err != nil {
		return nil, unwrap("Properties_", err)
	}
	ps := psV.ToIDispatch()
	defer ps.Release()
	row := Row{}
	for _, name := range props {
		pV, err := oleutil.CallMethod(ps, "Item", name)
		if err != nil {
			return nil, unwrap("Properties_.Item "+name, err)
		}
		p := pV.ToIDispatch()
		val, err := oleutil.GetProperty(p, "Value")
		p.Release()
		if err != nil {
			return nil, unwrap("Properties_.Item "+name+".Value", err)
		}
		row[name] = plain(val)
		val.Clear()
	}
	return row, nil
}

// plain converts a VARIANT to the value types of Row.
func plain(v *ole.VARIANT) any {
	if v.VT&ole.VT_ARRAY != 0 {
		arr := v.ToArray()
		if arr == nil {
			return nil
		}
		var out []string
		for _, x := range arr.ToValueArray() {
			out = append(out, fmt.Sprint(x))
		}
		return out
	}
	switch x := v.Value().(type) {
	case int8:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case int64:
		return x
	case int:
		return int64(x)
	case uint8:
		return int64(x)
	case uint16:
		return int64(x)
	case uint32:
		return int64(x)
	case uint64:
		return x
	case uint:
		return uint64(x)
	case float32:
		return float64(x)
	case float64, string, bool:
		return x
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	}
	return nil
}
