package remedy

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/cmdline"
	"github.com/kmsdoctor/kmsdoctor/internal/knowledge"
)

// Row is one object a WMI query returned: its path (what Call takes) and
// the properties the query selected.
type Row struct {
	Path  string
	Props map[string]any
}

// MethodCaller is the piece of WMI (root\cimv2) the licensing operations
// need: a query, and a method call on an object by its path. A failing
// method returns an error from which Code finds the HRESULT (the provider's
// SCODE, e.g. 0xC004F074), or a non-zero return value.
//
// On Windows it is Caller (winsys.go), an adapter over the go-ole WMI of
// internal/winsys; tests use remedy/fake.
type MethodCaller interface {
	Query(ctx context.Context, wql string) ([]Row, error)
	Call(ctx context.Context, objectPath, method string, args ...any) (returnValue uint32, err error)
}

// The application ids of slmgr.vbs and ospp.vbs.
const (
	WindowsAppID = "55c92734-d682-4d71-983e-d6ec3f16059f"
	OfficeAppID  = "0ff1ce15-a989-479d-af46-f275c6370663"
)

// Errors of the WMI operations that have no code of their own.
var (
	ErrNoProduct = errors.New("no product with a product key for this application")
	ErrTokenOnly = errors.New("token-based activation is required for this product (VLActivationTypeEnabled = 3)")
	ErrNotGVLK   = errors.New("not Microsoft's published KMS client setup key for the installed edition")
)

// WMI is Licensing through the WMI methods that slmgr.vbs and ospp.vbs
// call (research: windows-fix-clouds.md section 1):
//
//	set_kms        SoftwareLicensingService.SetKeyManagementServiceMachine(host), SetKeyManagementServicePort(port)
//	               (the previous name is restored if the port fails); Office: the same on each Office KMS product row
//	clear_kms      ClearKeyManagementServiceMachine(), ClearKeyManagementServicePort()
//	set_kms_domain SetKeyManagementServiceLookupDomain(domain) (Office: per product, not on Windows 7)
//	install_key    SoftwareLicensingService.InstallProductKey(key), RefreshLicenseStatus()
//	activate       SoftwareLicensingProduct.Activate() on each product row of the application, RefreshLicenseStatus()
//	rearm          SoftwareLicensingService.ReArmWindows(); RemainingWindowsReArmCount
//
// Office on Windows 7 / Server 2008 R2 (version 6.1) uses
// OfficeSoftwareProtectionService and OfficeSoftwareProtectionProduct.
type WMI struct {
	C MethodCaller
	// WindowsVersion is the OS version ("10.0.19045", "6.1.7601"); it picks
	// the Office classes and the build for the key check.
	WindowsVersion string
	// Store rebuilds tokens.dat (nil: rebuild_tokens is not supported).
	Store TokenStore
}

// TokenStore renames tokens.dat with sppsvc stopped and lists the licence
// files to reinstall (slmgr /rilc).
type TokenStore interface {
	// Backup stops sppsvc, renames tokens.dat and starts sppsvc again; it
	// returns the backup's path.
	Backup(ctx context.Context) (string, error)
	// Licenses returns the text of every *.xrm-ms under
	// %SystemRoot%\System32\spp\tokens and %SystemRoot%\System32\oem.
	Licenses(ctx context.Context) ([]string, error)
}

var _ Licensing = (*WMI)(nil)

func (w *WMI) win7() bool {
	return strings.HasPrefix(w.WindowsVersion, "6.1.") || w.WindowsVersion == "6.1" || strings.HasPrefix(w.WindowsVersion, "6.0")
}

func (w *WMI) build() string {
	f := strings.Split(w.WindowsVersion, ".")
	if len(f) >= 3 {
		return f[2]
	}
	return ""
}

func (w *WMI) classes(app string) (service, product string) {
	if app == AppOffice && w.win7() {
		return "OfficeSoftwareProtectionService", "OfficeSoftwareProtectionProduct"
	}
	return "SoftwareLicensingService", "SoftwareLicensingProduct"
}

func (w *WMI) call(ctx context.Context, class string, row Row, method string, args ...any) error {
	rv, err := w.C.Call(ctx, row.Path, method, args...)
	if err != nil {
		var ce *CallError
		if errors.As(err, &ce) {
			return err
		}
		c, _ := Code(err)
		return &CallError{Class: class, Method: method, Code: c, Err: err}
	}
	if rv != 0 {
		return &CallError{Class: class, Method: method, Code: rv}
	}
	return nil
}

func (w *WMI) service(ctx context.Context, app string) (string, Row, error) {
	class, _ := w.classes(app)
	props := "Version, KeyManagementServiceMachine, KeyManagementServicePort"
	if class == "SoftwareLicensingService" {
		props += ", RemainingWindowsReArmCount"
	}
	rows, err := w.C.Query(ctx, "SELECT "+props+" FROM "+class)
	if err != nil {
		return class, Row{}, err
	}
	if len(rows) == 0 {
		return class, Row{}, fmt.Errorf("%s: no instance", class)
	}
	return class, rows[0], nil
}

// products are the rows slmgr and ospp act on: the application's products
// with a product key (Windows: not add-ons).
func (w *WMI) products(ctx context.Context, app string) (string, []Row, error) {
	_, class := w.classes(app)
	id, props := WindowsAppID, "ID, Name, Description, LicenseStatus, VLActivationTypeEnabled"
	where := " AND LicenseIsAddon = FALSE"
	if app == AppOffice {
		id, where = OfficeAppID, ""
		if w.win7() {
			props = "ID, Name, Description, LicenseStatus"
		}
	}
	rows, err := w.C.Query(ctx, "SELECT "+props+" FROM "+class+" WHERE ApplicationId = '"+id+"' AND PartialProductKey <> NULL"+where)
	if err != nil {
		return class, nil, err
	}
	if len(rows) == 0 {
		return class, nil, ErrNoProduct
	}
	return class, rows, nil
}

// kmsProducts are the Office products ospp /sethst acts on: those whose
// description names a KMS channel.
func (w *WMI) kmsProducts(ctx context.Context) (string, []Row, error) {
	class, rows, err := w.products(ctx, AppOffice)
	if err != nil {
		return class, nil, err
	}
	var out []Row
	for _, r := range rows {
		if strings.Contains(str(r.Props["Description"]), "KMS") {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return class, nil, ErrNoProduct
	}
	return class, out, nil
}

// SetKMS sets the KMS host and port: at service level for Windows (slmgr
// /skms), per Office KMS product for Office (ospp /sethst, /setprt).
func (w *WMI) SetKMS(ctx context.Context, app, host string, port int) error {
	if _, ok := cmdline.Host(host); !ok {
		return fmt.Errorf("set_kms: invalid host %q", host)
	}
	if _, ok := cmdline.Port(port); !ok {
		return fmt.Errorf("set_kms: invalid port %d", port)
	}
	if app == AppOffice {
		class, rows, err := w.kmsProducts(ctx)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := w.call(ctx, class, r, "SetKeyManagementServiceMachine", host); err != nil {
				return err
			}
			if err := w.call(ctx, class, r, "SetKeyManagementServicePort", uint32(port)); err != nil {
				return err
			}
		}
		return nil
	}
	class, svc, err := w.service(ctx, app)
	if err != nil {
		return err
	}
	prev := str(svc.Props["KeyManagementServiceMachine"])
	if err := w.call(ctx, class, svc, "SetKeyManagementServiceMachine", host); err != nil {
		return err
	}
	if err := w.call(ctx, class, svc, "SetKeyManagementServicePort", uint32(port)); err != nil {
		// As slmgr does: put the previous name back.
		if prev != "" {
			_ = w.call(ctx, class, svc, "SetKeyManagementServiceMachine", prev)
		} else {
			_ = w.call(ctx, class, svc, "ClearKeyManagementServiceMachine")
		}
		return err
	}
	return nil
}

var _ ProductKMS = (*WMI)(nil)

// SetKMSProduct is slmgr /skms host:port ActID: on the one Windows product
// row with that activation id, SetKeyManagementServiceMachine(host) and
// SetKeyManagementServicePort(port), the previous name restored (or
// cleared) if the port fails; the machine-wide setting is not touched.
func (w *WMI) SetKMSProduct(ctx context.Context, productID, host string, port int) error {
	id, ok := cmdline.ActivationID(productID)
	if !ok {
		return fmt.Errorf("set_kms: invalid activation id %q", productID)
	}
	if _, ok := cmdline.Host(host); !ok {
		return fmt.Errorf("set_kms: invalid host %q", host)
	}
	if _, ok := cmdline.Port(port); !ok {
		return fmt.Errorf("set_kms: invalid port %d", port)
	}
	class := "SoftwareLicensingProduct"
	rows, err := w.C.Query(ctx, "SELECT ID, KeyManagementServiceMachine FROM "+class+" WHERE ApplicationId = '"+WindowsAppID+"' AND ID = '"+id+"'")
	if err != nil {
		return err
	}
	var row *Row
	for i := range rows {
		if strings.EqualFold(str(rows[i].Props["ID"]), id) {
			row = &rows[i]
		}
	}
	if row == nil {
		return ErrNoProduct
	}
	prev := str(row.Props["KeyManagementServiceMachine"])
	if err := w.call(ctx, class, *row, "SetKeyManagementServiceMachine", host); err != nil {
		return err
	}
	if err := w.call(ctx, class, *row, "SetKeyManagementServicePort", uint32(port)); err != nil {
		if prev != "" {
			_ = w.call(ctx, class, *row, "SetKeyManagementServiceMachine", prev)
		} else {
			_ = w.call(ctx, class, *row, "ClearKeyManagementServiceMachine")
		}
		return err
	}
	return nil
}

// ClearKMS goes back to DNS discovery (slmgr /ckms, ospp /remhst).
func (w *WMI) ClearKMS(ctx context.Context, app string) error {
	class, rows, err := w.targets(ctx, app)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if err := w.call(ctx, class, r, "ClearKeyManagementServiceMachine"); err != nil {
			return err
		}
		if err := w.call(ctx, class, r, "ClearKeyManagementServicePort"); err != nil {
			return err
		}
	}
	return nil
}

// SetKMSDomain sets the lookup domain (slmgr /skms-domain, ospp
// /skms-domain: Windows 8 and later only for Office).
func (w *WMI) SetKMSDomain(ctx context.Context, app, domain string) error {
	if _, ok := cmdline.Domain(domain); !ok {
		return fmt.Errorf("set_kms_domain: invalid domain %q", domain)
	}
	if app == AppOffice && w.win7() {
		return ErrUnsupported
	}
	class, rows, err := w.targets(ctx, app)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if err := w.call(ctx, class, r, "SetKeyManagementServiceLookupDomain", domain); err != nil {
			return err
		}
	}
	return nil
}

// targets: the service for Windows, the Office KMS products for Office.
func (w *WMI) targets(ctx context.Context, app string) (string, []Row, error) {
	if app == AppOffice {
		return w.kmsProducts(ctx)
	}
	class, svc, err := w.service(ctx, app)
	return class, []Row{svc}, err
}

// InstallKey installs a KMS client setup key (slmgr /ipk): only the key
// knowledge.LookupGVLK gives for an installed Windows edition of this
// build; never an Office key (there is no table of them here).
func (w *WMI) InstallKey(ctx context.Context, app, key string) error {
	k, ok := cmdline.ProductKey(key)
	if !ok || app == AppOffice {
		return ErrNotGVLK
	}
	_, rows, err := w.products(ctx, AppWindows)
	if err != nil {
		return err
	}
	match := false
	for _, r := range rows {
		if g, ok := knowledge.LookupGVLK(str(r.Props["Name"]), w.build()); ok && g.Key == k {
			match = true
		}
	}
	if !match {
		return ErrNotGVLK
	}
	class, svc, err := w.service(ctx, app)
	if err != nil {
		return err
	}
	if err := w.call(ctx, class, svc, "InstallProductKey", k); err != nil {
		return err
	}
	return w.call(ctx, class, svc, "RefreshLicenseStatus")
}

// Activate asks Windows to activate each product row of app (slmgr /ato,
// ospp /act), then refreshes the licence status. This is the only
// activation request fix ever causes: Windows' own.
func (w *WMI) Activate(ctx context.Context, app, productID string) error {
	class, rows, err := w.products(ctx, app)
	if err != nil {
		return err
	}
	done := 0
	for _, r := range rows {
		if productID != "" && !strings.EqualFold(str(r.Props["ID"]), productID) {
			continue
		}
		if n, ok := num(r.Props["VLActivationTypeEnabled"]); ok && n == 3 {
			return ErrTokenOnly
		}
		if err := w.call(ctx, class, r, "Activate"); err != nil {
			return err
		}
		done++
	}
	if done == 0 {
		return ErrNoProduct
	}
	sclass, svc, err := w.service(ctx, app)
	if err != nil {
		return err
	}
	return w.call(ctx, sclass, svc, "RefreshLicenseStatus")
}

// RearmsLeft reads SoftwareLicensingService.RemainingWindowsReArmCount.
func (w *WMI) RearmsLeft(ctx context.Context) (int, error) {
	_, svc, err := w.service(ctx, AppWindows)
	if err != nil {
		return 0, err
	}
	n, ok := num(svc.Props["RemainingWindowsReArmCount"])
	if !ok {
		return 0, errors.New("RemainingWindowsReArmCount not read")
	}
	return n, nil
}

// Rearm is slmgr /rearm: SoftwareLicensingService.ReArmWindows().
func (w *WMI) Rearm(ctx context.Context) error {
	class, svc, err := w.service(ctx, AppWindows)
	if err != nil {
		return err
	}
	return w.call(ctx, class, svc, "ReArmWindows")
}

// RebuildTokens backs tokens.dat up (renamed, sppsvc stopped and started
// by the Store) and reinstalls every system licence
// (SoftwareLicensingService.InstallLicense(text) per file, as slmgr /rilc),
// stopping at the first error.
func (w *WMI) RebuildTokens(ctx context.Context) (string, error) {
	if w.Store == nil {
		return "", ErrUnsupported
	}
	backup, err := w.Store.Backup(ctx)
	if err != nil {
		return backup, err
	}
	lics, err := w.Store.Licenses(ctx)
	if err != nil {
		return backup, err
	}
	class, svc, err := w.service(ctx, AppWindows)
	if err != nil {
		return backup, err
	}
	for _, l := range lics {
		if err := w.call(ctx, class, svc, "InstallLicense", l); err != nil {
			return backup, err
		}
	}
	return backup, w.call(ctx, class, svc, "RefreshLicenseStatus")
}

func str(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

func num(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int32:
		return int(n), true
	case int64:
		return int(n), true
	case uint32:
		return int(n), true
	case uint64:
		return int(n), true
	case float64:
		return int(n), true
	case string:
		i, err := strconv.Atoi(n)
		return i, err == nil
	}
	return 0, false
}
