// Package plots draws forecast results as charts: fan charts of an indicator's projected
// distribution, small-multiple overviews of a region, P(hit) risk bars and comparisons of funding
// allocations.
//
// It only reads forecast results; it knows nothing of how they were made. Labels are Chinese when
// a CJK font covering them is found (see LoadFonts) and English otherwise, so no chart ever shows
// blank or boxed characters. Functions that return a *plot.Plot leave the size to the caller
// (SavePNG); functions that take an io.Writer choose a size that fits their content and write a
// 150 DPI PNG.
package plots
