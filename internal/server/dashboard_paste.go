package server

import (
	"encoding/json"
	"errors"
	"html/template"
	"io"
	"net/http"
	"strings"

	"github.com/kmsdoctor/kmsdoctor/internal/diagnose"
	"github.com/kmsdoctor/kmsdoctor/internal/evidence"
	"github.com/kmsdoctor/kmsdoctor/internal/fleet"
	"github.com/kmsdoctor/kmsdoctor/internal/ingest"
	"github.com/kmsdoctor/kmsdoctor/internal/render"
	"github.com/kmsdoctor/kmsdoctor/internal/report"
)

// The paste page: `analyze` in-process on pasted text and uploaded files
// (a bundle, EVTX, slmgr output: whatever ingest reads), the report shown
// with render.HTML. Nothing is stored unless the form's "store" box is
// checked; then the report goes in like an agent's.

// maxPaste bounds the upload (the form, its text and its files).
const maxPaste = 64 << 20

type pasteData struct {
	Text     string
	Report   template.HTML
	Status   string
	Stored   bool
	Machine  int64
	Inputs   []string
	Analyzed bool
}

func (d *dashboard) paste(w http.ResponseWriter, r *http.Request, p *page) {
	p.Data = pasteData{}
	d.render(w, r, "paste", p)
}

func (d *dashboard) postPaste(w http.ResponseWriter, r *http.Request, p *page) {
	// user() already checked the csrf field through PostFormValue, which
	// parsed the multipart form (within the server's body limit below).
	data := pasteData{Analyzed: true}
	text := r.PostFormValue("text")
	set := &evidence.Set{}
	if strings.TrimSpace(text) != "" {
		ingest.Bytes("pasted", []byte(text), set)
		data.Text = text
	}
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["files"] {
			f, err := fh.Open()
			if err != nil {
				continue
			}
			raw, err := io.ReadAll(io.LimitReader(f, ingest.MaxFileSize+1))
			f.Close()
			if err != nil {
				continue
			}
			name := strings.NewReplacer("/", "_", "\\", "_").Replace(fh.Filename)
			if name == "" {
				name = "upload"
			}
			ingest.Bytes(name, raw, set)
		}
	}
	if len(set.Inputs) == 0 && len(set.Unrecognized) == 0 {
		p.Status, p.Err = http.StatusBadRequest, p.T("web.paste.empty")
		p.Data = data
		d.render(w, r, "paste", p)
		return
	}
	rep := report.New("analyze", d.s.now())
	diagnose.Run(set, rep)
	data.Status, data.Inputs = rep.Verdict.Status, rep.Inputs
	if r.PostFormValue("store") != "" {
		body, err := json.Marshal(rep)
		if err == nil {
			_, err = d.s.store.PutReports(r.Context(), []fleet.Received{{ID: rep.ID, ReceivedAt: d.s.now(), Report: rep, Body: body}})
		}
		if err != nil {
			d.fail(w, r, p, err)
			return
		}
		data.Stored = true
		if ms, _, err := d.s.dashStore().FilterMachines(r.Context(), fleet.DashFilter{MachineFilter: fleet.MachineFilter{
			Q: rep.Subject.Computer, Limit: 1000}}); err == nil {
			key := fleet.MachineFrom(rep).Key
			for _, m := range ms {
				if m.Key == key {
					data.Machine = m.ID
				}
			}
		}
	}
	var b strings.Builder
	if err := render.HTML(&b, rep, p.L); err != nil {
		d.fail(w, r, p, errors.Join(err))
		return
	}
	data.Report = template.HTML(b.String()) // html/template escaped every value of the fragment
	p.Data = data
	d.render(w, r, "paste", p)
}
