//! Reading input files (scenarios, forecasts) through a size limit: only a
//! regular file of bounded size is read, so `/dev/zero`, a pipe that never
//! ends or a multi-gigabyte file is refused before it fills the memory.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use crate::inputs::note_input;

/// The largest scenario file read: far more than any real scenario (a year
/// of 5-minute volumes for dozens of call types fits). Its tables and list
/// items are bounded too before it is parsed (`validate::limits`), since a
/// 16 MiB file of nothing but `{}` took 2 GB to parse.
pub const MAX_SCENARIO_BYTES: u64 = 16 * 1024 * 1024;

/// The largest forecast (CSV) read by `callsim erlang --intervals`.
pub const MAX_FORECAST_BYTES: u64 = 16 * 1024 * 1024;

/// The largest result or partial result read by `callsim merge` and `callsim
/// plot`: a shard keeps every replication's KPI tables, so it can be large,
/// but parsing JSON takes several times its size in memory.
pub const MAX_RESULT_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// `bytes` as a planner reads it: `16 MiB`, `20.5 MiB`, `900 bytes`.
fn size_text(bytes: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    if bytes >= 1024 * 1024 {
        let mib = bytes as f64 / MIB;
        if mib.fract() == 0.0 {
            format!("{mib} MiB")
        } else {
            format!("{mib:.1} MiB")
        }
    } else {
        format!("{bytes} bytes")
    }
}

fn too_large(size: Option<u64>, limit: u64) -> io::Error {
    let size = match size {
        Some(size) if size >= 1024 * 1024 => format!("{} ({size} bytes)", size_text(size)),
        Some(size) => size_text(size),
        None => "more".into(),
    };
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "the file holds {size}, over the limit of {} for an input file",
            size_text(limit)
        ),
    )
}

/// Reads the regular file at `path` (a symbolic link to one is followed)
/// when it holds at most `limit` bytes. A folder, a device such as
/// `/dev/zero`, a pipe or a socket is refused without being opened (opening
/// a pipe would wait for a writer); a file that grows past `limit` while it
/// is read is refused too.
pub fn read_bounded(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let metadata = std::fs::metadata(path)?;
    if metadata.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is a folder, not a file",
        ));
    }
    if !metadata.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is not a regular file (a device, a pipe or a socket): give a file saved on disk",
        ));
    }
    if metadata.len() > limit {
        return Err(too_large(Some(metadata.len()), limit));
    }
    let file = File::open(path)?;
    note_input(path);
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(None, limit));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_file_within_the_limit_and_refuses_one_over_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        std::fs::write(&path, b"0123456789").unwrap();
        assert_eq!(read_bounded(&path, 10).unwrap(), b"0123456789");
        let e = read_bounded(&path, 9).unwrap_err().to_string();
        assert_eq!(
            e,
            "the file holds 10 bytes, over the limit of 9 bytes for an input file"
        );
    }

    #[test]
    fn refuses_folders_and_devices() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_bounded(dir.path(), 1 << 20).unwrap_err().to_string();
        assert_eq!(e, "it is a folder, not a file");
        #[cfg(unix)]
        {
            let e = read_bounded(Path::new("/dev/zero"), 1 << 20)
                .unwrap_err()
                .to_string();
            assert!(e.starts_with("it is not a regular file"), "{e}");
        }
    }

    #[test]
    fn sizes_read_as_planners_write_them() {
        assert_eq!(size_text(16 * 1024 * 1024), "16 MiB");
        assert_eq!(size_text(21_495_808), "20.5 MiB");
        assert_eq!(size_text(900), "900 bytes");
    }
}
