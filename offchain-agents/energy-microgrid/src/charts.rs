//! A run's charts, each as SVG and PNG (`plotters`): the market hour by hour (supply, demand,
//! energy agreed and delivered; the grid's import price and the market's average price) and
//! each household's bill with the market and without it.
//!
//! plotters lays out and draws text with a TrueType font it is given: DejaVu Sans, which the
//! set-up commands install (Debian's `fonts-dejavu-core`).

use anyhow::{anyhow, Context, Result};
use energy_primitives::UNIT;
use plotters::{
	coord::{CoordTranslate, Shift},
	prelude::*,
	style::{register_font, FontStyle},
};
use std::{
	path::{Path, PathBuf},
	sync::OnceLock,
};

use crate::{
	report::Run,
	simulation::{Part, Simulation},
};

/// Where the set-up commands' font is, on Debian and elsewhere.
const FONT_PATHS: [&str; 3] = [
	"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
	"/usr/share/fonts/dejavu/DejaVuSans.ttf",
	"/usr/share/fonts/TTF/DejaVuSans.ttf",
];

/// The charts' size, in pixels.
const SIZE: (u32, u32) = (1100, 760);

/// Registers the font once; an error names what to install.
fn font() -> Result<()> {
	static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
	REGISTERED
		.get_or_init(|| {
			let bytes =
				FONT_PATHS.iter().find_map(|path| std::fs::read(path).ok()).ok_or_else(|| {
					format!(
						"the charts need DejaVu Sans (apt-get install fonts-dejavu-core) at {}",
						FONT_PATHS[0]
					)
				})?;
			// plotters keeps the font for the life of the process.
			register_font("sans-serif", FontStyle::Normal, Box::leak(bytes.into_boxed_slice()))
				.map_err(|_| "DejaVu Sans is not a font plotters can read".to_string())
		})
		.clone()
		.map_err(|message| anyhow!(message))
}

/// Writes `market.svg`, `market.png`, `bills.svg` and `bills.png` of `run` into `dir`; returns
/// their paths.
pub fn write_charts(dir: &Path, simulation: &Simulation, run: &Run) -> Result<Vec<PathBuf>> {
	font()?;
	std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
	let path = |name: &str| dir.join(name);
	let (market_svg, market_png) = (path("market.svg"), path("market.png"));
	let (bills_svg, bills_png) = (path("bills.svg"), path("bills.png"));
	let drawn = |path: &Path| format!("cannot draw {}", path.display());
	{
		let area = SVGBackend::new(&market_svg, SIZE).into_drawing_area();
		draw_market(&area, run)
			.and_then(|()| present(&area))
			.with_context(|| drawn(&market_svg))?;
	}
	{
		let area = BitMapBackend::new(&market_png, SIZE).into_drawing_area();
		draw_market(&area, run)
			.and_then(|()| present(&area))
			.with_context(|| drawn(&market_png))?;
	}
	{
		let area = SVGBackend::new(&bills_svg, SIZE).into_drawing_area();
		draw_bills(&area, simulation, run)
			.and_then(|()| present(&area))
			.with_context(|| drawn(&bills_svg))?;
	}
	{
		let area = BitMapBackend::new(&bills_png, SIZE).into_drawing_area();
		draw_bills(&area, simulation, run)
			.and_then(|()| present(&area))
			.with_context(|| drawn(&bills_png))?;
	}
	Ok(vec![market_svg, market_png, bills_svg, bills_png])
}

/// Writes the drawing out.
fn present<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>) -> Result<()> {
	area.present().map_err(|e| anyhow!("{e}"))
}

/// Draws `chart`'s legend, the same on every chart: top left, over a light background.
fn legend<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
	chart: &mut ChartContext<'a, DB, CT>,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
	chart
		.configure_series_labels()
		.position(SeriesLabelPosition::UpperLeft)
		.background_style(WHITE.mix(0.8))
		.border_style(BLACK)
		.draw()
}

fn kwh(wh: u64) -> f64 {
	wh as f64 / 1_000.0
}

fn eur(amount: f64) -> f64 {
	amount / UNIT as f64
}

/// The market hour by hour: volumes above, prices below.
fn draw_market<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, run: &Run) -> Result<()> {
	let fail = |e: DrawingAreaErrorKind<DB::ErrorType>| anyhow!("{e}");
	area.fill(&WHITE).map_err(fail)?;
	let (upper, lower) = area.split_vertically(SIZE.1 * 3 / 5);
	let hours = run.hours.len().max(1);
	let label = |x: &f64| {
		run.hours
			.get(x.round() as usize)
			.map(|h| format!("{:02}:00", h.slot % 24))
			.unwrap_or_default()
	};

	let top = run
		.hours
		.iter()
		.map(|h| kwh(h.offered_wh.max(h.needed_wh).max(h.agreed_wh)))
		.fold(0.1, f64::max);
	let mut volumes = ChartBuilder::on(&upper)
		.caption(format!("Market hour by hour ({})", run.strategy), ("sans-serif", 24))
		.margin(16)
		.x_label_area_size(36)
		.y_label_area_size(64)
		.build_cartesian_2d(-0.5..hours as f64 - 0.5, 0.0..top * 1.1)
		.map_err(fail)?;
	volumes
		.configure_mesh()
		.x_labels(hours.min(24))
		.x_label_formatter(&label)
		.y_desc("kWh")
		.draw()
		.map_err(fail)?;
	let series: [(&str, RGBColor, fn(&crate::simulation::Hour) -> u64); 4] = [
		("offered (supply)", GREEN, |h| h.offered_wh),
		("wanted (demand)", RED, |h| h.needed_wh),
		("agreed", BLUE, |h| h.agreed_wh),
		("delivered", BLACK, |h| h.delivered_wh),
	];
	for (name, color, value) in series {
		let points = run.hours.iter().enumerate().map(|(i, h)| (i as f64, kwh(value(h))));
		volumes
			.draw_series(LineSeries::new(points, color.stroke_width(2)).point_size(3))
			.map_err(fail)?
			.label(name)
			.legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], color.stroke_width(2)));
	}
	legend(&mut volumes).map_err(fail)?;

	let cap = run.hours.iter().map(|h| eur(h.import_price as f64)).fold(0.01, f64::max);
	let mut prices = ChartBuilder::on(&lower)
		.margin(16)
		.x_label_area_size(36)
		.y_label_area_size(64)
		.build_cartesian_2d(-0.5..hours as f64 - 0.5, 0.0..cap * 1.15)
		.map_err(fail)?;
	prices
		.configure_mesh()
		.x_labels(hours.min(24))
		.x_label_formatter(&label)
		.y_desc("EUR per kWh")
		.draw()
		.map_err(fail)?;
	let import = run.hours.iter().enumerate().map(|(i, h)| (i as f64, eur(h.import_price as f64)));
	prices
		.draw_series(LineSeries::new(import, RED.stroke_width(2)))
		.map_err(fail)?
		.label("grid import price")
		.legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], RED.stroke_width(2)));
	let average = run.hours.iter().enumerate().filter_map(|(i, h)| {
		h.average_price().map(|p| Circle::new((i as f64, eur(p as f64)), 5, BLUE.filled()))
	});
	prices
		.draw_series(average)
		.map_err(fail)?
		.label("market's average price")
		.legend(|(x, y)| Circle::new((x + 10, y), 5, BLUE.filled()));
	legend(&mut prices).map_err(fail)?;
	Ok(())
}

/// Each household's bill over the run, with the market and without it (negative: it earned).
fn draw_bills<DB: DrawingBackend>(
	area: &DrawingArea<DB, Shift>,
	simulation: &Simulation,
	run: &Run,
) -> Result<()> {
	let fail = |e: DrawingAreaErrorKind<DB::ErrorType>| anyhow!("{e}");
	area.fill(&WHITE).map_err(fail)?;
	let households = simulation.members().len();
	let total = |m: usize, f: fn(&Part) -> i128| -> f64 {
		eur(run.hours.iter().map(|h| f(&h.parts[m])).sum::<i128>() as f64)
	};
	let bills: Vec<(f64, f64)> =
		(0..households).map(|m| (total(m, |p| p.grid_only_bill), total(m, |p| p.bill))).collect();
	let low = bills.iter().map(|(a, b)| a.min(*b)).fold(0.0, f64::min);
	let high = bills.iter().map(|(a, b)| a.max(*b)).fold(0.0, f64::max);
	let pad = ((high - low) * 0.1).max(0.01);
	let mut chart = ChartBuilder::on(area)
		.caption(
			format!("Each household's bill over {} hours ({})", run.hours.len(), run.strategy),
			("sans-serif", 24),
		)
		.margin(16)
		.x_label_area_size(40)
		.y_label_area_size(64)
		.build_cartesian_2d(0.0..households as f64 + 0.5, low - pad..high + pad)
		.map_err(fail)?;
	chart
		.configure_mesh()
		.x_labels(households.min(25))
		.x_label_formatter(&|x| format!("{}", x.round() as i64))
		.x_desc("household")
		.y_desc("EUR (negative: earned)")
		.draw()
		.map_err(fail)?;
	let bar = |offset: f64, value: f64, color: RGBColor, m: usize| {
		let x = m as f64 + 1.0 + offset;
		Rectangle::new([(x - 0.18, 0.0), (x + 0.18, value)], color.filled())
	};
	chart
		.draw_series(
			bills.iter().enumerate().map(|(m, (grid_only, _))| bar(-0.2, *grid_only, RED, m)),
		)
		.map_err(fail)?
		.label("without a market")
		.legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 20, y + 5)], RED.filled()));
	chart
		.draw_series(bills.iter().enumerate().map(|(m, (_, bill))| bar(0.2, *bill, BLUE, m)))
		.map_err(fail)?
		.label("with the market")
		.legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 20, y + 5)], BLUE.filled()));
	legend(&mut chart).map_err(fail)?;
	Ok(())
}
