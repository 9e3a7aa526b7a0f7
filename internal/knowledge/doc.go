// Package knowledge is kmsdoctor's embedded activation knowledge: the error
// code base (codes/*.yaml, English and Japanese), HRESULT/NTSTATUS decoding
// with the Win32 error name table generated from golang.org/x/sys/windows,
// the published KMS client setup keys and the Azure KMS endpoints. Every fact
// lives in one place here; the rest of the project asks this package.
package knowledge
