// Package codes holds the application's close codes.
package codes

const (
	CloseAuth    = 4001
	CloseBanned  = 4003
	CloseIdle    = 4008
	Timeout      = 1000 // milliseconds
	MaxFrameSize = 4096
)

// CloseKind names the application's close reasons.
type CloseKind int

const (
	KindShutdown CloseKind = 4100
	KindRestart  CloseKind = 4101
)
