//! The `mipomersen-monitor` binary: a headless command, or the app.

use std::process::ExitCode;

use mipomersen_monitor::cli::{self, Launch};

fn main() -> ExitCode {
    match cli::run(std::env::args_os()) {
        Launch::Done(code) => code,
        Launch::App(file) => app(file.as_deref()),
    }
}

/// The desktop app, on the given file or the embedded demo patient.
#[cfg(feature = "gui")]
fn app(file: Option<&std::path::Path>) -> ExitCode {
    use mipomersen_monitor::app::{self, Start};
    // Logs carry no patient data: egui and eframe log through `log` about windows and GPUs.
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let start = file.map_or(Start::Demo, |path| Start::File(path.to_owned()));
    match app::run(start) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: the window could not be opened: {error}");
            ExitCode::from(1)
        }
    }
}

#[cfg(not(feature = "gui"))]
fn app(_file: Option<&std::path::Path>) -> ExitCode {
    eprintln!("error: this build has no desktop app (built without the `gui` feature); see --help");
    ExitCode::from(2)
}
