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
// which unwrap puts into an *Error. It is also the Methods of `fix`:
// Objects (ExecQuery with each object's Path_.RelPath) and Call
// (SWbemServices.Get and the provider method as a dispatch member).
type oleWMI struct{ mu sync.Mutex }

var (
	_ WMI     = (*oleWMI)(nil)
	_ Methods = (*oleWMI)(nil)
)

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
			// The provider's description when it gave one (EXCEPINFO's
			// Error falls back to "source: code").
			msg := ex.Error()
			if strings.HasPrefix(msg, "<nil>:") {
				msg = ""
			}
			return &Error{Op: op, Code: ex.SCODE(), Msg: msg}
		}
	}
	return &Error{Op: op, Code: code, Msg: oe.Description()}
}

func (w *oleWMI) Query(ctx context.Context, namespace, class string, props []string, where string) ([]Row, error) {
	if len(props) == 0 {
		return nil, errors.New("wmi: an explicit property list is required")
	}
	wql := "SELECT " + strings.Join(props, ", ") + " FROM " + class
	if where != "" {
		wql += " WHERE " + where
	}
	objs, err := w.Objects(ctx, namespace, wql, props)
	var rows []Row
	for _, o := range objs {
		rows = append(rows, o.Props)
	}
	return rows, err
}

// Objects runs wql and returns each object with its relative path
// (SWbemObject.Path_.RelPath) and the properties props.
func (w *oleWMI) Objects(ctx context.Context, namespace, wql string, props []string) ([]Object, error) {
	if len(props) == 0 {
		return nil, errors.New("wmi: an explicit property list is required")
	}
	var objs []Object
	err := w.do(ctx, namespace, func(svc *ole.IDispatch) error {
		var err error
		objs, err = query(svc, wql, props, true)
		return err
	})
	return objs, err
}

// Call calls method on the object at path (SWbemServices.Get, then the
// provider method as a dispatch member of the SWbemObject, as slmgr.vbs
// does) and returns its ReturnValue. A uint32 argument is passed as a
// VT_I4, as VBScript's CLng does. A failing call returns an *Error whose
// Code is the provider's HRESULT (the SCODE of the EXCEPINFO).
func (w *oleWMI) Call(ctx context.Context, namespace, path, method string, args ...any) (uint32, error) {
	if path == "" || method == "" {
		return 0, errors.New("wmi: an object path and a method are required")
	}
	conv := make([]any, len(args))
	for i, a := range args {
		if u, ok := a.(uint32); ok && u <= 1<<31-1 {
			a = int32(u)
		}
		conv[i] = a
	}
	var rv uint32
	err := w.do(ctx, namespace, func(svc *ole.IDispatch) error {
		objV, err := oleutil.CallMethod(svc, "Get", path)
		if err != nil {
			return unwrap("Get "+path, err)
		}
		obj := objV.ToIDispatch()
		defer obj.Release()
		res, err := oleutil.CallMethod(obj, method, conv...)
		if err != nil {
			return unwrap(method, err)
		}
		defer res.Clear()
		switch n := plain(res).(type) {
		case int64:
			rv = uint32(n)
		case uint64:
			rv = uint32(n)
		}
		return nil
	})
	return rv, err
}

// do runs fn with a connection to namespace (root\cimv2 when empty), one
// at a time, on a thread of its own with COM set up, and returns when fn
// has returned or ctx ends (the COM call cannot be cancelled; its answer
// is then dropped).
func (w *oleWMI) do(ctx context.Context, namespace string, fn func(svc *ole.IDispatch) error) error {
	if namespace == "" {
		namespace = `root\cimv2`
	}
	done := make(chan error, 1)
	go func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		done <- connect(namespace, fn)
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func connect(namespace string, fn func(svc *ole.IDispatch) error) error {
	if err := ole.CoInitializeEx(0, ole.COINIT_MULTITHREADED); err != nil {
		var oe *ole.OleError
		// S_FALSE (1): already initialised on this thread.
		if !errors.As(err, &oe) || oe.Code() != 1 {
			return unwrap("CoInitializeEx", err)
		}
	}
	defer ole.CoUninitialize()
	unk, err := oleutil.CreateObject("WbemScripting.SWbemLocator")
	if err != nil {
		return unwrap("SWbemLocator", err)
	}
	defer unk.Release()
	loc, err := unk.QueryInterface(ole.IID_IDispatch)
	if err != nil {
		return unwrap("SWbemLocator", err)
	}
	defer loc.Release()
	// Strings, not nil: Wine refuses a nil server (0x80020005).
	svcV, err := oleutil.CallMethod(loc, "ConnectServer", ".", namespace)
	if err != nil {
		return unwrap("ConnectServer "+namespace, err)
	}
	svc := svcV.ToIDispatch()
	defer svc.Release()
	return fn(svc)
}

// query runs wql and reads props of each object (and its path when
// withPath).
func query(svc *ole.IDispatch, wql string, props []string, withPath bool) ([]Object, error) {
	setV, err := oleutil.CallMethod(svc, "ExecQuery", wql)
	if err != nil {
		return nil, unwrap("ExecQuery", err)
	}
	set := setV.ToIDispatch()
	defer set.Release()
	var objs []Object
	err = oleutil.ForEach(set, func(v *ole.VARIANT) error {
		obj := v.ToIDispatch()
		defer obj.Release()
		row, err := readRow(obj, props)
		if err != nil {
			return err
		}
		o := Object{Props: row}
		if withPath {
			if o.Path, err = relPath(obj); err != nil {
				return err
			}
		}
		objs = append(objs, o)
		return nil
	})
	if err != nil {
		var we *Error
		if errors.As(err, &we) {
			return objs, err
		}
		return objs, unwrap("ExecQuery", err)
	}
	return objs, nil
}

// relPath is SWbemObject.Path_.RelPath (Class.Key="value").
func relPath(obj *ole.IDispatch) (string, error) {
	pV, err := oleutil.GetProperty(obj, "Path_")
	if err != nil {
		return "", unwrap("Path_", err)
	}
	p := pV.ToIDispatch()
	defer p.Release()
	rV, err := oleutil.GetProperty(p, "RelPath")
	if err != nil {
		return "", unwrap("Path_.RelPath", err)
	}
	defer rV.Clear()
	s, _ := plain(rV).(string)
	if s == "" {
		return "", errors.New("Path_.RelPath: empty")
	}
	return s, nil
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
