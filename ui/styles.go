// Package ui is the till's look and feel, shared by every screen: styles
// that follow the terminal's light or dark background (and NO_COLOR), the
// global keys, and small widgets — a money input, a South African mobile
// input, a confirm dialog with an input grace period, a spinner with the
// elapsed time, a text pager — plus Clean, which makes any provider or
// customer string safe to draw. It holds no domain logic: it only calls the
// sale package's parsers to validate what is typed.
package ui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Styles are every style the screens draw with. Build them with NewStyles
// whenever the background colour or NO_COLOR is learnt.
type Styles struct {
	// IsDark and NoColor are what the styles were built for.
	IsDark, NoColor bool

	// Header is the bar at the top of every screen; HeaderStrong its title.
	Header, HeaderStrong lipgloss.Style
	// Demo, Live, Alert and Calm are the badges in the header.
	Demo, Live, Alert, Calm lipgloss.Style
	// Crumb is the breadcrumb line under the header.
	Crumb lipgloss.Style

	// Title heads a screen's content; Text is plain text.
	Title, Text lipgloss.Style
	// Muted is for hints and secondary facts; Label for the left column of
	// a key/value list; Value for its right column; Strong for emphasis.
	Muted, Label, Value, Strong lipgloss.Style
	// Selected is a highlighted list row; Marker the cursor in front of it.
	Selected, Marker lipgloss.Style
	// Group heads a group of list rows (a network).
	Group lipgloss.Style

	// Success, Error and Warning colour outcomes and inline validation.
	Success, Error, Warning lipgloss.Style
	// Big banners: the word DELIVERED, DECLINED, IN DOUBT on a result.
	BannerOK, BannerBad, BannerWarn lipgloss.Style

	// Box frames inputs and panels; Focused frames the focused one.
	Box, Focused lipgloss.Style
	// Dialog frames a confirm dialog.
	Dialog lipgloss.Style
	// Button and ButtonActive are a dialog's buttons.
	Button, ButtonActive lipgloss.Style
	// Cursor is the text cursor of an input.
	Cursor lipgloss.Style
	// Receipt frames a receipt preview.
	Receipt lipgloss.Style

	// StatusError and StatusInfo are the status line above the help.
	StatusError, StatusInfo lipgloss.Style
	// Help styles the help footer.
	Help help.Styles
}

// NewStyles returns the styles for a dark or light terminal background.
// With noColor set (NO_COLOR) no colour is used at all: emphasis falls back
// to bold, reverse video and underline, and every state is also spelled
// out in words so nothing depends on colour.
func NewStyles(isDark, noColor bool) Styles {
	ld := lipgloss.LightDark(isDark)
	c := func(light, dark string) color.Color {
		if noColor {
			return lipgloss.NoColor{}
		}
		return ld(lipgloss.Color(light), lipgloss.Color(dark))
	}
	var (
		accent  = c("#005F87", "#5FAFD7")
		text    = c("#1C1C1C", "#E4E4E4")
		muted   = c("#6C6C6C", "#8A8A8A")
		green   = c("#00774A", "#5FD787")
		red     = c("#B3261E", "#FF6B6B")
		amber   = c("#8A5A00", "#FFC857")
		barBG   = c("#D7DEE6", "#26313D")
		barFG   = c("#1C1C1C", "#E4E4E4")
		border  = c("#A8A8A8", "#4E4E4E")
		selBG   = c("#D0E7F5", "#1F4A66")
		onColor = c("#FFFFFF", "#111111")
	)
	badge := lipgloss.NewStyle().Bold(true).Padding(0, 1)
	s := Styles{IsDark: isDark, NoColor: noColor}

	s.Header = lipgloss.NewStyle().Background(barBG).Foreground(barFG)
	s.HeaderStrong = s.Header.Bold(true)
	s.Demo = badge.Background(amber).Foreground(onColor)
	s.Live = badge.Background(green).Foreground(onColor)
	s.Alert = badge.Background(red).Foreground(onColor)
	s.Calm = s.Header.Foreground(muted)
	s.Crumb = lipgloss.NewStyle().Foreground(muted)
	if noColor {
		s.Header = lipgloss.NewStyle().Reverse(true)
		s.HeaderStrong = s.Header.Bold(true)
		s.Demo = badge
		s.Live = badge
		s.Alert = badge.Underline(true)
		s.Calm = s.Header
	}

	s.Title = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Text = lipgloss.NewStyle().Foreground(text)
	s.Muted = lipgloss.NewStyle().Foreground(muted)
	s.Label = lipgloss.NewStyle().Foreground(muted)
	s.Value = lipgloss.NewStyle().Foreground(text)
	s.Strong = lipgloss.NewStyle().Bold(true).Foreground(text)
	s.Selected = lipgloss.NewStyle().Background(selBG).Foreground(text).Bold(true)
	if noColor {
		s.Selected = lipgloss.NewStyle().Reverse(true)
	}
	s.Marker = lipgloss.NewStyle().Foreground(accent).Bold(true)
	s.Group = lipgloss.NewStyle().Foreground(accent).Bold(true)

	s.Success = lipgloss.NewStyle().Foreground(green)
	s.Error = lipgloss.NewStyle().Foreground(red)
	s.Warning = lipgloss.NewStyle().Foreground(amber)
	s.BannerOK = badge.Background(green).Foreground(onColor)
	s.BannerBad = badge.Background(red).Foreground(onColor)
	s.BannerWarn = badge.Background(amber).Foreground(onColor)
	if noColor {
		s.BannerOK = badge.Reverse(true)
		s.BannerBad = badge.Reverse(true)
		s.BannerWarn = badge.Reverse(true)
	}

	s.Box = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(border).Padding(0, 1)
	s.Focused = s.Box.BorderForeground(accent)
	s.Dialog = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 2)
	s.Button = lipgloss.NewStyle().Foreground(muted).Padding(0, 1)
	s.ButtonActive = lipgloss.NewStyle().Bold(true).Background(accent).Foreground(onColor).Padding(0, 1)
	if noColor {
		s.ButtonActive = lipgloss.NewStyle().Bold(true).Reverse(true).Padding(0, 1)
	}
	s.Cursor = lipgloss.NewStyle().Reverse(true)
	s.Receipt = lipgloss.NewStyle().Border(lipgloss.NormalBorder()).BorderForeground(border)

	s.StatusError = lipgloss.NewStyle().Foreground(red).Bold(true)
	s.StatusInfo = lipgloss.NewStyle().Foreground(accent)

	s.Help = help.DefaultStyles(isDark)
	if noColor {
		plain := lipgloss.NewStyle()
		s.Help = help.Styles{
			Ellipsis: plain, ShortKey: plain.Bold(true), ShortDesc: plain, ShortSeparator: plain,
			FullKey: plain.Bold(true), FullDesc: plain, FullSeparator: plain,
		}
	}
	return s
}
