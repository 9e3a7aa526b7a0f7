package knowledge

//go:generate go run ./internal/mkwin32
