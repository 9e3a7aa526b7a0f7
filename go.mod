module github.com/kmsdoctor/kmsdoctor

go 1.26.8

require (
	github.com/beevik/ntp v1.6.0
	github.com/go-ole/go-ole v1.3.0
	github.com/miekg/dns v1.1.73
	github.com/spf13/cobra v1.10.2
	go.yaml.in/yaml/v3 v3.0.6
	golang.org/x/sys v0.49.0
	golang.org/x/term v0.47.0
	golang.org/x/text v0.43.0
)

require (
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	github.com/spf13/pflag v1.0.9 // indirect
	golang.org/x/net v0.59.0 // indirect
)
