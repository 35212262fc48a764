//! The `mipomersen-monitor` binary: a headless command, or the app.

use std::process::ExitCode;

use mipomersen_monitor::cli::{self, Launch};

fn main() -> ExitCode {
    match cli::run(std::env::args_os()) {
        Launch::Done(code) => code,
        Launch::App(file) => app(file.as_deref()),
    }
}

/// The desktop app arrives with the next milestone; until then this shows the assessment the
/// app will show, for the given file or the embedded demo patient.
#[cfg(feature = "gui")]
fn app(file: Option<&std::path::Path>) -> ExitCode {
    use mipomersen_monitor::{record, rules};
    let today = chrono::Local::now().date_naive();
    let loaded = match file {
        Some(path) => record::load(path).map_err(|error| error.to_string()),
        None => record::parse(mipomersen_monitor::DEMO_PATIENT).map_err(|e| e.to_string()),
    };
    match loaded {
        Ok(record) => {
            if file.is_none() {
                println!("DEMO PATIENT (embedded example; not a real person)\n");
            }
            let assessment = rules::evaluate(&record, today);
            print!("{}", cli::text_report(&record, &assessment, today));
            println!("\n(The desktop window is not built yet; this is its assessment.)");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

#[cfg(not(feature = "gui"))]
fn app(_file: Option<&std::path::Path>) -> ExitCode {
    eprintln!("error: this build has no desktop app (built without the `gui` feature); see --help");
    ExitCode::from(2)
}
