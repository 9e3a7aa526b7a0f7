// Package spp reads the rows of the licensing WMI classes,
// SoftwareLicensingProduct and SoftwareLicensingService (and the Office
// classes OfficeSoftwareProtectionProduct/Service of Windows 7 era Office),
// into evidence.Product and evidence.KMSHostInfo. The rows are language
// free: numbers and enumerations, not slmgr's translated labels.
//
// It reads them as JSON, in the shapes PowerShell prints
// (`Get-CimInstance SoftwareLicensingProduct | ConvertTo-Json`, with its
// CimClass and CimSystemProperties, or `Get-WmiObject ... | ConvertTo-Json`
// with __CLASS) and in the shape `kmsdoctor collect` writes (the winsys
// WMI rows, with __CLASS), a single object or an array; service and product
// rows may come in one array, and the service's client machine id, rearm
// count and KMS host counters then go to its products. Product keys are
// kept only as their last five characters (PartialProductKey).
package spp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
)

// WindowsAppID is the ApplicationID of Windows products.
const WindowsAppID = "55c92734-d682-4d71-983e-d6ec3f16059f"

// Row is one instance: property name to value (as encoding/json or a WMI
// reader gives it).
type Row = map[string]any

// Classes.
const (
	ClassProduct       = "SoftwareLicensingProduct"
	ClassService       = "SoftwareLicensingService"
	ClassOfficeProduct = "OfficeSoftwareProtectionProduct"
	ClassOfficeService = "OfficeSoftwareProtectionService"
)

// ProductProps and ServiceProps are the properties collect selects (the
// MOF of sppwmi, present on every supported build); the Optional lists are
// newer ones, queried with them and dropped when the build refuses them.
var (
	ProductProps = []string{"ID", "Name", "Description", "ApplicationID", "PartialProductKey", "ProductKeyID",
		"LicenseStatus", "LicenseStatusReason", "GracePeriodRemaining", "LicenseIsAddon", "LicenseFamily",
		"VLActivationInterval", "VLRenewalInterval", "KeyManagementServiceMachine", "KeyManagementServicePort",
		"DiscoveredKeyManagementServiceMachineName", "DiscoveredKeyManagementServiceMachinePort",
		"KeyManagementServiceProductKeyID", "IsKeyManagementServiceMachine", "KeyManagementServiceCurrentCount",
		"RequiredClientCount", "KeyManagementServiceTotalRequests", "KeyManagementServiceFailedRequests",
		"GenuineStatus", "ExtendedGrace", "EvaluationEndDate", "TrustedTime"}
	ProductOptional = []string{"ProductKeyChannel", "VLActivationTypeEnabled", "KeyManagementServiceLookupDomain",
		"DiscoveredKeyManagementServiceMachineIpAddress", "RemainingAppReArmCount", "RemainingSkuReArmCount"}
	ServiceProps = []string{"Version", "KeyManagementServiceMachine", "KeyManagementServicePort",
		"IsKeyManagementServiceMachine", "VLActivationInterval", "VLRenewalInterval", "KeyManagementServiceCurrentCount",
		"RequiredClientCount", "KeyManagementServiceProductKeyID", "DiscoveredKeyManagementServiceMachineName",
		"DiscoveredKeyManagementServiceMachinePort", "ClientMachineID", "RemainingWindowsReArmCount",
		"KeyManagementServiceListeningPort", "KeyManagementServiceDnsPublishing", "KeyManagementServiceLowPriority",
		"KeyManagementServiceHostCaching", "KeyManagementServiceTotalRequests", "KeyManagementServiceFailedRequests"}
	ServiceOptional = []string{"KeyManagementServiceLookupDomain", "DiscoveredKeyManagementServiceMachineIpAddress"}
	// ProductWhere keeps the rows with a key installed.
	ProductWhere = "PartialProductKey IS NOT NULL"
)

var (
	channelRe = regexp.MustCompile(`\b(VOLUME_KMSCLIENT|VOLUME_KMS(?:_[A-Z0-9_-]*[A-Z0-9])?|VOLUME_MAK|RETAIL|OEM_[A-Z0-9_]+|TIMEBASED_[A-Z0-9_]+|VOLUME_[A-Z0-9_]+)\b`)
	pidRe     = regexp.MustCompile(`\b\d{5}-\d{5}-\d{3}-\d{6}-\d{2}-\d{4,5}-(\d{4,5})\.\d{4}-\d{7}\b`)
	guidRe    = regexp.MustCompile(`(?i)\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b`)
)

// Detect reports whether text is JSON of the licensing classes.
func Detect(text string) bool {
	t := strings.TrimSpace(text)
	if t == "" || (t[0] != '[' && t[0] != '{') {
		return false
	}
	if !strings.Contains(t, `"LicenseStatus"`) && !strings.Contains(t, `"ClientMachineID"`) {
		return false
	}
	rows, err := parse(t)
	if err != nil {
		return false
	}
	for _, r := range rows {
		if classOf(r.row) != "" {
			return true
		}
	}
	return false
}

type lineRow struct {
	row  Row
	line int
}

// parse reads a JSON object or array of objects, with the line of each.
func parse(text string) ([]lineRow, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	lineAt := func(off int64) int { return 1 + strings.Count(text[:min(int(off), len(text))], "\n") }
	t := strings.TrimLeft(text, " \t\r\n\ufeff")
	if strings.HasPrefix(t, "{") {
		var r Row
		if err := dec.Decode(&r); err != nil {
			return nil, err
		}
		return []lineRow{{r, lineAt(int64(len(text) - len(t)))}}, nil
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var out []lineRow
	for dec.More() {
		off := dec.InputOffset()
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return out, err
		}
		var r Row
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		if d.Decode(&r) != nil {
			continue // not an object: not a row
		}
		// off is before the separator and spaces; skip them for the line.
		rest := text[off:]
		out = append(out, lineRow{r, lineAt(off + int64(len(rest)-len(strings.TrimLeft(rest, ", \t\r\n"))))})
	}
	return out, nil
}

// classOf says which class a row is of ("" when none of ours).
func classOf(r Row) string {
	name := ""
	switch c := r["CimClass"].(type) {
	case string:
		name = c[strings.LastIndex(c, ":")+1:]
	case map[string]any:
		name, _ = c["CimClassName"].(string)
	}
	if name == "" {
		if sp, ok := r["CimSystemProperties"].(map[string]any); ok {
			name, _ = sp["ClassName"].(string)
		}
	}
	if name == "" {
		name, _ = r["__CLASS"].(string)
	}
	for _, c := range []string{ClassProduct, ClassService, ClassOfficeProduct, ClassOfficeService} {
		if strings.EqualFold(name, c) {
			return c
		}
	}
	if name != "" {
		return ""
	}
	// No class given (Select-Object output): tell them apart by properties.
	_, hasApp := r["ApplicationID"]
	_, hasStatus := r["LicenseStatus"]
	_, hasCMID := r["ClientMachineID"]
	_, hasRearm := r["RemainingWindowsReArmCount"]
	switch {
	case hasStatus && (hasApp || r["PartialProductKey"] != nil || r["Name"] != nil):
		return ClassProduct
	case hasCMID || hasRearm:
		return ClassService
	}
	return ""
}

// Read adds the products of the JSON text (one segment starting at line of
// file) to s.
func Read(file string, line int, text string, s *evidence.Set) error {
	rows, err := parse(text)
	if err != nil && len(rows) == 0 {
		return fmt.Errorf("licensing JSON: %v", err)
	}
	var rs []Row
	var lines []int
	for _, r := range rows {
		rs = append(rs, r.row)
		lines = append(lines, line+r.line-1)
	}
	add(file, rs, lines, s)
	if err != nil {
		s.Skipped = append(s.Skipped, evidence.NewSkip(evidence.Source{File: file, Line: line}, 0, "skip.spp.bad_json", map[string]any{"err": err.Error()}))
	}
	return nil
}

// FromRows adds the products of WMI rows (winsys rows: each with __CLASS,
// or products and service given by class) to s; file names their source.
func FromRows(file string, rows []Row, s *evidence.Set) { add(file, rows, nil, s) }

func add(file string, rows []Row, lines []int, s *evidence.Set) {
	var services []Row
	type prod struct {
		row  Row
		line int
	}
	var prods []prod
	for i, r := range rows {
		ln := 0
		if lines != nil {
			ln = lines[i]
		}
		switch classOf(r) {
		case ClassService, ClassOfficeService:
			services = append(services, r)
		case ClassProduct, ClassOfficeProduct:
			// Only the rows with a key installed, as slmgr /dlv shows.
			if str(r, "PartialProductKey") != "" {
				prods = append(prods, prod{r, ln})
			}
		}
	}
	var svc Row
	if len(services) > 0 {
		svc = services[0]
	}
	first := len(s.Products)
	for _, p := range prods {
		s.Products = append(s.Products, product(p.row, svc, evidence.Source{File: file, Line: p.line}))
	}
	// A KMS host: the service's counters go to its host-key product (the
	// VOLUME_KMS channel), else its first Windows product.
	if svc != nil && num(svc, "IsKeyManagementServiceMachine", 0) == 1 && len(s.Products) > first {
		at := first
		for i := first; i < len(s.Products); i++ {
			if strings.HasPrefix(s.Products[i].Channel, "VOLUME_KMS") && s.Products[i].Channel != "VOLUME_KMSCLIENT" {
				at = i
				break
			}
		}
		s.Products[at].KMSHost = &evidence.KMSHostInfo{
			CurrentCount:     num(svc, "KeyManagementServiceCurrentCount", -1),
			ListeningPort:    num(svc, "KeyManagementServiceListeningPort", 1688),
			DNSPublishing:    boolean(svc, "KeyManagementServiceDnsPublishing"),
			RequestsReceived: num(svc, "KeyManagementServiceTotalRequests", 0),
			FailedRequests:   num(svc, "KeyManagementServiceFailedRequests", 0),
			Source:           s.Products[at].Source,
		}
	}
}

var statuses = []string{evidence.StatusUnlicensed, evidence.StatusLicensed, evidence.StatusOOBGrace,
	evidence.StatusOOTGrace, evidence.StatusNonGenuineGrace, evidence.StatusNotification, evidence.StatusExtendedGrace}

// channelOf is the channel of a product: from its Description
// ("..., VOLUME_KMSCLIENT channel"), else from ProductKeyChannel
// ("Volume:GVLK").
func channelOf(r Row) string {
	if m := channelRe.FindString(str(r, "Description")); m != "" {
		return m
	}
	switch c := strings.ToUpper(str(r, "ProductKeyChannel")); c {
	case "":
		return ""
	case "VOLUME:GVLK":
		return "VOLUME_KMSCLIENT"
	case "VOLUME:CSVLK":
		return "VOLUME_KMS"
	default:
		return strings.ReplaceAll(c, ":", "_")
	}
}

func hostPort(host string, port int) string {
	if host == "" {
		return ""
	}
	if port <= 0 {
		port = 1688
	}
	return host + ":" + strconv.Itoa(port)
}

func product(r, svc Row, src evidence.Source) evidence.Product {
	p := evidence.Product{
		Name:               str(r, "Name"),
		Description:        str(r, "Description"),
		Channel:            channelOf(r),
		ActivationID:       strings.ToLower(guidRe.FindString(str(r, "ID"))),
		ApplicationID:      strings.ToLower(guidRe.FindString(str(r, "ApplicationID"))),
		ExtendedPID:        str(r, "ProductKeyID"),
		PartialKey:         lastFive(str(r, "PartialProductKey")),
		GraceMinutes:       -1,
		ExpiryMinutes:      -1,
		RemainingRearm:     -1,
		ActivationInterval: num(r, "VLActivationInterval", -1),
		RenewalInterval:    num(r, "VLRenewalInterval", -1),
		KMSMachineName:     hostPort(str(r, "KeyManagementServiceMachine"), num(r, "KeyManagementServicePort", 0)),
		KMSDiscoveredName:  hostPort(str(r, "DiscoveredKeyManagementServiceMachineName"), num(r, "DiscoveredKeyManagementServiceMachinePort", 0)),
		KMSMachineIP:       str(r, "DiscoveredKeyManagementServiceMachineIpAddress"),
		KMSHostPID:         str(r, "KeyManagementServiceProductKeyID"),
		Lines:              map[string]int{},
		Source:             src,
	}
	if m := pidRe.FindStringSubmatch(p.ExtendedPID); m != nil {
		p.Build = m[1]
	}
	if st := num(r, "LicenseStatus", -1); st >= 0 && st < len(statuses) {
		p.Status = statuses[st]
	}
	if reason := num(r, "LicenseStatusReason", 0); reason != 0 {
		p.StatusReason = fmt.Sprintf("0x%08X", uint32(reason))
	}
	if gpr := num(r, "GracePeriodRemaining", -1); gpr >= 0 {
		switch {
		case p.Status == evidence.StatusLicensed && gpr > 0:
			p.ExpiryMinutes = gpr // a volume (or timed) activation's time left
		case p.Status != evidence.StatusLicensed && p.Status != evidence.StatusUnlicensed && p.Status != "":
			p.GraceMinutes = gpr
		}
	}
	if n := num(r, "RemainingAppReArmCount", -1); n >= 0 {
		p.RemainingRearm = n
	}
	if svc != nil {
		p.CMID = strings.ToLower(guidRe.FindString(str(svc, "ClientMachineID")))
		p.ServiceVersion = str(svc, "Version")
		if p.ApplicationID == WindowsAppID {
			if n := num(svc, "RemainingWindowsReArmCount", -1); n >= 0 {
				p.RemainingRearm = n
			}
		}
		if p.KMSMachineName == "" {
			p.KMSMachineName = hostPort(str(svc, "KeyManagementServiceMachine"), num(svc, "KeyManagementServicePort", 0))
		}
		if p.KMSDiscoveredName == "" {
			p.KMSDiscoveredName = hostPort(str(svc, "DiscoveredKeyManagementServiceMachineName"), num(svc, "DiscoveredKeyManagementServiceMachinePort", 0))
		}
	}
	if src.Line > 0 {
		for _, k := range []string{"status", "channel", "kms_name", "expiry", "grace", "rearm"} {
			p.Lines[k] = src.Line
		}
	}
	return p
}

// lastFive keeps at most the last five characters of a key.
func lastFive(k string) string {
	k = strings.TrimSpace(k)
	if len(k) > 5 {
		return k[len(k)-5:]
	}
	return k
}

func str(r Row, name string) string {
	switch v := r[name].(type) {
	case string:
		return strings.TrimSpace(v)
	case json.Number:
		return v.String()
	}
	return ""
}

func num(r Row, name string, def int) int {
	switch v := r[name].(type) {
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return int(int32(i)) // uint32 counters such as CurrentCount are -1 as 4294967295
		}
	case float64:
		return int(int32(int64(v)))
	case int64:
		return int(int32(v))
	case uint64:
		return int(int32(v))
	case int:
		return int(int32(v))
	case string:
		if i, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
			return int(int32(i))
		}
	}
	return def
}

func boolean(r Row, name string) bool {
	switch v := r[name].(type) {
	case bool:
		return v
	case string:
		return strings.EqualFold(v, "true")
	}
	return num(r, name, 0) != 0
}
