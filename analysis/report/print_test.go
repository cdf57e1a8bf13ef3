package report

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// pdfPages counts the pages of a PDF Chromium wrote (its page objects).
var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

// The report printed to A4 by Chromium: the resolved scenarios' YAML (which
// the HTML file keeps) is not printed, so the fixture's three-scenario
// report fits in a few pages.
func TestBrowserPrintsReport(t *testing.T) {
	bin := chromium()
	if bin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("no chromium on PATH: run scripts/browser/install.sh (Debian's chromium) before the tests")
		}
		t.Skip("no chromium on PATH: scripts/browser/install.sh installs Debian's; skipped")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, writeReport(t, fixtureInput(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(dir, "report.pdf")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	if _, err := headless(ctx, bin, file, "--print-to-pdf="+pdf, "--no-pdf-header-footer"); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	pages := len(pdfPage.FindAll(b, -1))
	t.Logf("printed report: %d A4 pages", pages)
	if pages == 0 || pages > 11 {
		t.Errorf("the printed report has %d pages, want 1 to 11", pages)
	}
}
