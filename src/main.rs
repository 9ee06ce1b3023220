//! The `callsim` command: parse arguments, run, map errors to one sentence and an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    match callsim::cli::run(std::env::args_os()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            error.print();
            ExitCode::from(error.exit_code())
        }
    }
}
