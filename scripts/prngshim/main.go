// Command prngshim writes bcryptprimitives.dll for Wine: a PE32+ (x86-64)
// DLL of one section whose only export, ProcessPrng, forwards to
// advapi32.SystemFunction036 (RtlGenRandom: same arguments in the same
// registers, returns TRUE). The Go runtime needs ProcessPrng since Go
// 1.21.5 and Wine 8.0 ships no bcryptprimitives.dll (research:
// collector-windows.md section 4.2). There is no code in it, so no
// compiler is needed: the bytes are written here.
//
//	go run ./scripts/prngshim "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
package main

import (
	"encoding/binary"
	"fmt"
	"os"
)

const (
	fileAlign = 0x200
	sectRVA   = 0x1000
)

// DLL returns the bytes of the shim.
func DLL() []byte {
	// The export section: directory, address table, name table, ordinal
	// table, then the strings.
	const (
		dirSize  = 40
		eatOff   = dirSize
		enptOff  = eatOff + 4
		ordOff   = enptOff + 4
		strStart = ordOff + 2
	)
	dllName := "bcryptprimitives.dll\x00"
	funcName := "ProcessPrng\x00"
	forward := "advapi32.SystemFunction036\x00"
	nameOff := strStart
	funcOff := nameOff + len(dllName)
	fwdOff := funcOff + len(funcName)
	edataSize := fwdOff + len(forward)

	ed := make([]byte, edataSize)
	le := binary.LittleEndian
	le.PutUint32(ed[12:], uint32(sectRVA+nameOff)) // Name
	le.PutUint32(ed[16:], 1)                       // Base
	le.PutUint32(ed[20:], 1)                       // NumberOfFunctions
	le.PutUint32(ed[24:], 1)                       // NumberOfNames
	le.PutUint32(ed[28:], uint32(sectRVA+eatOff))  // AddressOfFunctions
	le.PutUint32(ed[32:], uint32(sectRVA+enptOff)) // AddressOfNames
	le.PutUint32(ed[36:], uint32(sectRVA+ordOff))  // AddressOfNameOrdinals
	// A function RVA inside the export directory is a forwarder string.
	le.PutUint32(ed[eatOff:], uint32(sectRVA+fwdOff))
	le.PutUint32(ed[enptOff:], uint32(sectRVA+funcOff))
	le.PutUint16(ed[ordOff:], 0)
	copy(ed[nameOff:], dllName)
	copy(ed[funcOff:], funcName)
	copy(ed[fwdOff:], forward)

	out := make([]byte, fileAlign+fileAlign)
	copy(out, "MZ")
	le.PutUint32(out[0x3C:], 0x40) // e_lfanew
	copy(out[0x40:], "PE\x00\x00")
	coff := out[0x44:]
	le.PutUint16(coff[0:], 0x8664) // Machine: AMD64
	le.PutUint16(coff[2:], 1)      // NumberOfSections
	le.PutUint16(coff[16:], 240)   // SizeOfOptionalHeader
	le.PutUint16(coff[18:], 0x2022)
	// EXECUTABLE_IMAGE | LARGE_ADDRESS_AWARE | DLL
	opt := out[0x44+20:]
	le.PutUint16(opt[0:], 0x20B)               // PE32+
	le.PutUint32(opt[8:], fileAlign)           // SizeOfInitializedData
	le.PutUint32(opt[20:], sectRVA)            // BaseOfCode
	le.PutUint64(opt[24:], 0x180000000)        // ImageBase
	le.PutUint32(opt[32:], 0x1000)             // SectionAlignment
	le.PutUint32(opt[36:], fileAlign)          // FileAlignment
	le.PutUint16(opt[40:], 6)                  // MajorOperatingSystemVersion
	le.PutUint16(opt[48:], 6)                  // MajorSubsystemVersion
	le.PutUint32(opt[56:], sectRVA+0x1000)     // SizeOfImage
	le.PutUint32(opt[60:], fileAlign)          // SizeOfHeaders
	le.PutUint16(opt[68:], 3)                  // Subsystem: console
	le.PutUint64(opt[72:], 0x100000)           // SizeOfStackReserve
	le.PutUint64(opt[80:], 0x1000)             // SizeOfStackCommit
	le.PutUint64(opt[88:], 0x100000)           // SizeOfHeapReserve
	le.PutUint64(opt[96:], 0x1000)             // SizeOfHeapCommit
	le.PutUint32(opt[108:], 16)                // NumberOfRvaAndSizes
	le.PutUint32(opt[112:], sectRVA)           // export directory RVA
	le.PutUint32(opt[116:], uint32(edataSize)) // and size
	sect := out[0x44+20+240:]
	copy(sect[0:8], ".edata")
	le.PutUint32(sect[8:], uint32(edataSize)) // VirtualSize
	le.PutUint32(sect[12:], sectRVA)          // VirtualAddress
	le.PutUint32(sect[16:], fileAlign)        // SizeOfRawData
	le.PutUint32(sect[20:], fileAlign)        // PointerToRawData
	le.PutUint32(sect[36:], 0x40000040)       // INITIALIZED_DATA | MEM_READ
	copy(out[fileAlign:], ed)
	return out
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: prngshim OUT.dll")
		os.Exit(2)
	}
	if err := os.WriteFile(os.Args[1], DLL(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "prngshim:", err)
		os.Exit(1)
	}
}
