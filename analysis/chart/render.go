package chart

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

const (
	// DefaultWidth and DefaultHeight are the size Save gives a chart:
	// 16 cm × 10 cm, which fits a printed A4 or letter page.
	DefaultWidth  = 16 * vg.Centimeter
	DefaultHeight = 10 * vg.Centimeter

	// PNGDPI is the resolution of PNG output, in dots per inch: a
	// DefaultWidth × DefaultHeight chart is 945 × 591 pixels.
	PNGDPI = 150

	// margin is left blank around every chart.
	margin = vg.Length(8)
)

// svgFamily is the font family gonum/plot writes for Liberation Sans;
// svgFallback adds metric-compatible fallbacks for viewers without it.
const (
	svgFamily   = "font-family:Liberation Sans;"
	svgFallback = "font-family:'Liberation Sans',Arial,Helvetica,sans-serif;"
)

// Render draws p at width × height and writes it to w as format, "svg"
// or "png" (case-insensitive; a leading dot is ignored). PNG is
// rasterised at PNGDPI dots per inch. Nothing is written if drawing
// fails.
func Render(p *plot.Plot, w io.Writer, format string, width, height vg.Length) error {
	var buf bytes.Buffer
	if err := render(p, &buf, format, width, height); err != nil {
		return fmt.Errorf("chart: Render: %w", err)
	}
	_, err := buf.WriteTo(w)
	return err
}

func render(p *plot.Plot, w *bytes.Buffer, format string, width, height vg.Length) (err error) {
	if p == nil {
		return fmt.Errorf("%w: nil plot", ErrInvalid)
	}
	if !(width > 0 && height > 0) {
		return fmt.Errorf("%w: size %v × %v, want both > 0", ErrInvalid, width, height)
	}
	f := strings.ToLower(strings.TrimPrefix(format, "."))
	if f != "svg" && f != "png" {
		return fmt.Errorf("%w %q (want \"svg\" or \"png\")", ErrFormat, format)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("drawing failed: %v", r)
		}
	}()
	switch f {
	case "svg":
		c := vgsvg.New(width, height)
		p.Draw(draw.Crop(draw.New(c), margin, -margin, margin, -margin))
		var b bytes.Buffer
		if _, err := c.WriteTo(&b); err != nil {
			return err
		}
		w.Write(bytes.ReplaceAll(b.Bytes(), []byte(svgFamily), []byte(svgFallback)))
	case "png":
		c := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(PNGDPI))
		p.Draw(draw.Crop(draw.New(c), margin, -margin, margin, -margin))
		if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(w); err != nil {
			return err
		}
	}
	return nil
}

// Save writes p to path at DefaultWidth × DefaultHeight, as SVG or PNG
// according to the extension (.svg or .png).
func Save(p *plot.Plot, path string) error {
	return SaveSize(p, path, DefaultWidth, DefaultHeight)
}

// SaveSize writes p to path at width × height, as SVG or PNG according
// to the extension (.svg or .png). The file is not created if drawing
// fails.
func SaveSize(p *plot.Plot, path string, width, height vg.Length) error {
	ext := filepath.Ext(path)
	if ext == "" {
		return fmt.Errorf("chart: Save %s: %w: no extension (want .svg or .png)", path, ErrFormat)
	}
	var buf bytes.Buffer
	if err := render(p, &buf, ext, width, height); err != nil {
		return fmt.Errorf("chart: Save %s: %w", path, err)
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
