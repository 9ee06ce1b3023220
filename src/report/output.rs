//! Writing a command's outputs safely and all together.
//!
//! Every destination is checked before the work starts ([`check_all`]); at
//! the end an [`OutputSet`] holds everything a run writes, already rendered
//! in memory. Committing it stages each regular file in an exclusive,
//! unpredictably named temporary file beside its target, writes devices and
//! standard output, and only when all of that succeeded renames the
//! temporaries into place. On any failure every temporary (and every folder
//! the set created) is removed, so a run leaves all its outputs or none.
//!
//! Symbolic links are never written through (a link at a target is refused,
//! unless it leads to a device such as `/dev/stdout`), read-only targets stay
//! read-only, and [`remove_temporaries_on_signals`] makes SIGINT and SIGTERM
//! remove the temporaries of a commit in progress before the process ends.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::inputs::was_read;
use thiserror::Error;

/// Why an output could not be written, naming the flag that asked for it.
#[derive(Debug, Error)]
pub enum OutputError {
    /// A destination that cannot be used: nothing was written.
    #[error("{}: {problem}", who(flag, path))]
    Unusable {
        /// The command-line flag (`--output`, `--report`…), or "" for none.
        flag: &'static str,
        path: PathBuf,
        problem: String,
    },

    /// Writing failed (a full disk, a device error): nothing was left.
    #[error("{}: cannot write: {source}", who(flag, path))]
    Write {
        flag: &'static str,
        path: PathBuf,
        source: io::Error,
    },

    /// Standard output or standard error would not take the bytes.
    #[error("cannot write to {stream}: {source}")]
    Stream {
        stream: &'static str,
        source: io::Error,
    },
}

impl OutputError {
    /// True when the destination itself is unusable (a usage error), false
    /// when writing to a usable one failed.
    pub fn is_unusable_destination(&self) -> bool {
        matches!(self, OutputError::Unusable { .. })
    }
}

fn who(flag: &str, path: &Path) -> String {
    if flag.is_empty() {
        path.display().to_string()
    } else {
        format!("{flag} {}", path.display())
    }
}

/// What is at a file destination now.
enum FileState {
    /// Nothing yet: the file will be created.
    Absent,
    /// A regular file, replaced keeping its permissions.
    Existing(fs::Permissions),
    /// A device, pipe or socket (possibly behind a link, as `/dev/stdout`):
    /// written in place, since renaming over it would replace the device.
    InPlace,
}

/// Standard output or standard error, named as a file.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Stream {
    Out,
    Err,
}

/// `/dev/stdout` and its kin name this process's own streams: written to
/// the stream itself, so a redirection's offset and append mode hold (the
/// link leads to whatever the stream is, even a regular file, which must
/// never be renamed over).
fn standard_stream(path: &Path) -> Option<Stream> {
    let text = path.as_os_str().to_str()?;
    match text {
        "/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1" => Some(Stream::Out),
        "/dev/stderr" | "/dev/fd/2" | "/proc/self/fd/2" => Some(Stream::Err),
        _ => None,
    }
}

/// The folder a file destination lives in.
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// `out/`, `out/.`, `..`: a path that can only mean a folder.
fn names_a_folder(path: &Path) -> bool {
    let text = path.as_os_str().as_encoded_bytes();
    let separators: &[u8] = if cfg!(windows) { b"/\\" } else { b"/" };
    let last = text
        .rsplit(|b| separators.contains(b))
        .next()
        .unwrap_or_default();
    last.is_empty() || last == b"." || last == b".." || path.file_name().is_none()
}

/// Looks at a file destination; `Err` is the problem as a phrase that
/// follows the destination's name ("is read-only; …").
fn inspect_file(path: &Path) -> Result<FileState, String> {
    if cfg!(unix) && standard_stream(path).is_some() {
        return Ok(FileState::InPlace);
    }
    if path.as_os_str().is_empty() {
        return Err("is empty; give a file name".into());
    }
    if names_a_folder(path) {
        return Err("is a folder; give a file name".into());
    }
    let state = match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => match fs::metadata(path) {
            Ok(target) if !target.is_file() && !target.is_dir() => FileState::InPlace,
            _ => {
                let target = fs::read_link(path)
                    .map_or_else(|_| "?".to_string(), |t| t.display().to_string());
                return Err(format!(
                    "is a symbolic link (to {target}); callsim does not write through links: give the file itself"
                ));
            }
        },
        Ok(meta) if meta.is_dir() => return Err("is a folder; give a file name".into()),
        Ok(meta) if meta.is_file() => {
            if is_read_only(path, &meta) {
                return Err(
                    "is read-only; make it writable (chmod u+w) or give another file".into(),
                );
            }
            FileState::Existing(meta.permissions())
        }
        Ok(_) => FileState::InPlace,
        Err(e) if e.kind() == io::ErrorKind::NotFound => FileState::Absent,
        Err(e) if e.kind() == io::ErrorKind::NotADirectory => {
            return Err(folder_problem(folder_of(path)));
        }
        Err(e) => return Err(format!("cannot be used: {e}")),
    };
    if !matches!(state, FileState::InPlace) {
        usable_folder(folder_of(path))?;
    }
    Ok(state)
}

/// Read-only like a shell sees it: no write permission bit at all (checked
/// on the bits because root may open anything), or a file this user may
/// not open for writing. Opening without truncating changes nothing.
fn is_read_only(path: &Path, meta: &fs::Metadata) -> bool {
    if permission_bits_forbid_writing(meta) {
        return true;
    }
    matches!(
        OpenOptions::new().write(true).open(path),
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied
    )
}

#[cfg(unix)]
fn permission_bits_forbid_writing(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o222 == 0
}

#[cfg(not(unix))]
fn permission_bits_forbid_writing(meta: &fs::Metadata) -> bool {
    meta.permissions().readonly()
}

/// The folder must exist, be a folder, and take new files: probed by
/// creating and removing an exclusive temporary file, so that a read-only
/// mount or a folder without write permission is found truthfully.
fn usable_folder(folder: &Path) -> Result<(), String> {
    match fs::metadata(folder) {
        Ok(meta) if meta.is_dir() => probe(folder),
        Ok(_) => Err(format!("{} is not a folder", folder.display())),
        Err(_) => Err(folder_problem(folder)),
    }
}

fn probe(folder: &Path) -> Result<(), String> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".callsim-probe.");
    make_temporary(&builder, folder, create_exclusive)
        .map(drop)
        .map_err(|e| {
            format!(
                "cannot create files in the folder {}: {e}",
                folder.display()
            )
        })
}

/// `builder.make_in(folder, create)`, failing with `create`'s own error:
/// tempfile adds the random name to it, which means nothing to a reader.
fn make_temporary(
    builder: &tempfile::Builder,
    folder: &Path,
    mut create: impl FnMut(&Path) -> io::Result<File>,
) -> io::Result<tempfile::NamedTempFile> {
    let mut last_error = None;
    builder
        .make_in(folder, |candidate| {
            create(candidate).inspect_err(|e| {
                // io::Error is not Clone; an OS error is rebuilt from its code.
                last_error = Some(match e.raw_os_error() {
                    Some(code) => io::Error::from_raw_os_error(code),
                    None => io::Error::new(e.kind(), e.to_string()),
                });
            })
        })
        .map_err(|e| last_error.unwrap_or(e))
}

/// Why `folder` cannot hold a file: which part of it is missing or a file.
fn folder_problem(folder: &Path) -> String {
    for ancestor in folder.ancestors() {
        if ancestor.as_os_str().is_empty() {
            break;
        }
        match fs::metadata(ancestor) {
            Ok(meta) if meta.is_dir() => break,
            Ok(_) => return format!("{} is not a folder", ancestor.display()),
            Err(_) => {}
        }
    }
    format!("the folder {} does not exist", folder.display())
}

/// Looks at a folder destination (created at commit if missing).
fn inspect_folder(dir: &Path) -> Result<(), String> {
    match fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => probe(dir),
        Ok(_) => Err("is a file; give a folder".into()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if fs::symlink_metadata(dir).is_ok() {
                return Err("is a symbolic link to nothing; give a folder".into());
            }
            // Missing: its nearest existing ancestor must take new folders.
            let existing = dir
                .ancestors()
                .skip(1)
                .map(|a| {
                    if a.as_os_str().is_empty() {
                        Path::new(".")
                    } else {
                        a
                    }
                })
                .find(|a| fs::symlink_metadata(a).is_ok())
                .unwrap_or(Path::new("."));
            usable_folder(existing)
        }
        Err(e) if e.kind() == io::ErrorKind::NotADirectory => Err(folder_problem(dir)),
        Err(e) => Err(format!("cannot be used: {e}")),
    }
}

/// Checks destinations before any work is done: each file (`flag`, path)
/// and each folder of files, and that no two files are the same one.
pub fn check_all(
    files: &[(&'static str, &Path)],
    folders: &[(&'static str, &Path)],
) -> Result<(), OutputError> {
    let mut seen: Vec<(PathBuf, &'static str)> = Vec::new();
    for &(flag, path) in files {
        let state = inspect_file(path).map_err(|problem| OutputError::Unusable {
            flag,
            path: path.to_path_buf(),
            problem,
        })?;
        if !matches!(state, FileState::InPlace) {
            claim(&mut seen, flag, path)?;
        }
    }
    for &(flag, dir) in folders {
        inspect_folder(dir).map_err(|problem| OutputError::Unusable {
            flag,
            path: dir.to_path_buf(),
            problem,
        })?;
    }
    Ok(())
}

/// An output that is one of the run's inputs would replace what it was
/// made from: refused before any work is done.
pub fn refuse_inputs(files: &[(&'static str, &Path)], inputs: &[&Path]) -> Result<(), OutputError> {
    let inputs: Vec<PathBuf> = inputs
        .iter()
        .filter_map(|p| fs::canonicalize(p).ok())
        .collect();
    for &(flag, path) in files {
        // A link to an input is refused elsewhere; its own path is what counts here.
        let identity = identity(path);
        if inputs.contains(&identity) || was_read(&identity) {
            return Err(OutputError::Unusable {
                flag,
                path: path.to_path_buf(),
                problem: IS_AN_INPUT.into(),
            });
        }
    }
    Ok(())
}

const IS_AN_INPUT: &str = "is one of this run's inputs: give the output another name";

/// The same file under two flags would be written twice, the second
/// silently replacing the first: refused.
fn claim(
    seen: &mut Vec<(PathBuf, &'static str)>,
    flag: &'static str,
    path: &Path,
) -> Result<(), OutputError> {
    let key = identity(path);
    if let Some((_, other)) = seen.iter().find(|(k, _)| *k == key) {
        let problem = if *other == flag {
            "is given twice".to_string()
        } else {
            format!("is also the destination of {other}: give each output its own file")
        };
        return Err(OutputError::Unusable {
            flag,
            path: path.to_path_buf(),
            problem,
        });
    }
    seen.push((key, flag));
    Ok(())
}

/// A path's identity for comparing destinations: its folder resolved when
/// it exists, so `./x.json` and `x.json` are the same file.
fn identity(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default();
    match fs::canonicalize(folder_of(path)) {
        Ok(folder) => folder.join(name),
        Err(_) => path.to_path_buf(),
    }
}

/// A file written while the run goes (`--calls-log`), too big to hold in
/// memory: a temporary beside its target from the start, renamed into place
/// with the run's other outputs by [`OutputSet::streamed`]'s commit, and
/// removed if the run fails or is interrupted. A device is written in place.
pub struct StreamedFile {
    flag: &'static str,
    target: PathBuf,
    file: File,
    /// The temporary and the target's permissions; `None` for a device.
    staged: Option<(tempfile::TempPath, Option<fs::Permissions>)>,
}

impl StreamedFile {
    /// Checks `path` as [`check_all`] does and opens its temporary.
    pub fn create(flag: &'static str, path: &Path) -> Result<Self, OutputError> {
        let unusable = |problem| OutputError::Unusable {
            flag,
            path: path.to_path_buf(),
            problem,
        };
        let write_failed = |source| OutputError::Write {
            flag,
            path: path.to_path_buf(),
            source,
        };
        let permissions = match inspect_file(path).map_err(unusable)? {
            FileState::InPlace => {
                let file = OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(write_failed)?;
                return Ok(Self {
                    flag,
                    target: path.to_path_buf(),
                    file,
                    staged: None,
                });
            }
            FileState::Absent => None,
            FileState::Existing(permissions) => Some(permissions),
        };
        let (file, temporary) = create_temporary(path).map_err(write_failed)?;
        Ok(Self {
            flag,
            target: path.to_path_buf(),
            file,
            staged: Some((temporary, permissions)),
        })
    }

    /// Where to write.
    pub fn file(&self) -> &File {
        &self.file
    }

    /// The folder of the target, for scratch files on the same disk.
    pub fn folder(&self) -> &Path {
        folder_of(&self.target)
    }
}

impl Drop for StreamedFile {
    fn drop(&mut self) {
        if let Some((temporary, _)) = self.staged.take() {
            let name = temporary.to_path_buf();
            drop(temporary);
            forget(&mut live().temporaries, &name);
        }
    }
}

/// One output: where it goes, and its bytes.
struct Entry {
    flag: &'static str,
    /// The folder destination this file belongs to (`--plot DIR`), if any.
    within: Option<PathBuf>,
    path: PathBuf,
    bytes: Vec<u8>,
}

impl Entry {
    fn unusable(&self, problem: String) -> OutputError {
        match &self.within {
            Some(dir) => OutputError::Unusable {
                flag: self.flag,
                path: dir.clone(),
                problem: format!("{} {problem}", self.path.display()),
            },
            None => OutputError::Unusable {
                flag: self.flag,
                path: self.path.clone(),
                problem,
            },
        }
    }

    fn write_failed(&self, source: io::Error) -> OutputError {
        OutputError::Write {
            flag: self.flag,
            path: self.path.clone(),
            source,
        }
    }
}

/// Everything one run writes, rendered in memory; [`OutputSet::commit`]
/// writes all of it or none of it.
#[derive(Default)]
pub struct OutputSet {
    entries: Vec<Entry>,
    folders: Vec<(&'static str, PathBuf)>,
    streams: Vec<(Stream, Vec<u8>)>,
    claimed: Vec<(PathBuf, &'static str)>,
    streamed: Vec<StreamedFile>,
}

impl OutputSet {
    pub fn new() -> Self {
        Self::default()
    }

    /// `bytes` for the file `path`, asked for by `flag` ("" for none).
    pub fn file(
        &mut self,
        flag: &'static str,
        path: &Path,
        bytes: Vec<u8>,
    ) -> Result<&mut Self, OutputError> {
        self.add(flag, None, path, bytes)?;
        Ok(self)
    }

    /// The folder `dir` (created if missing) and files in it.
    pub fn folder(
        &mut self,
        flag: &'static str,
        dir: &Path,
        files: Vec<(PathBuf, Vec<u8>)>,
    ) -> Result<&mut Self, OutputError> {
        self.folders.push((flag, dir.to_path_buf()));
        for (path, bytes) in files {
            self.add(flag, Some(dir), &path, bytes)?;
        }
        Ok(self)
    }

    /// A file already written while the run went.
    pub fn streamed(&mut self, file: StreamedFile) -> Result<&mut Self, OutputError> {
        if file.staged.is_some() {
            claim(&mut self.claimed, file.flag, &file.target)?;
        }
        self.streamed.push(file);
        Ok(self)
    }

    /// `bytes` for standard output.
    pub fn stdout(&mut self, bytes: Vec<u8>) -> &mut Self {
        self.streams.push((Stream::Out, bytes));
        self
    }

    fn add(
        &mut self,
        flag: &'static str,
        within: Option<&Path>,
        path: &Path,
        bytes: Vec<u8>,
    ) -> Result<(), OutputError> {
        if let Some(stream) = standard_stream(path).filter(|_| cfg!(unix)) {
            self.streams.push((stream, bytes));
            return Ok(());
        }
        let entry = Entry {
            flag,
            within: within.map(Path::to_path_buf),
            path: path.to_path_buf(),
            bytes,
        };
        // Devices may be named twice (`--output /dev/null --report /dev/null`).
        let in_place =
            fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) && !names_a_folder(path);
        if !in_place {
            claim(&mut self.claimed, flag, path).map_err(|e| match e {
                OutputError::Unusable { problem, .. } => entry.unusable(problem),
                other => other,
            })?;
        }
        self.entries.push(entry);
        Ok(())
    }

    /// Writes everything: first each regular file into its temporary (and
    /// missing folders), then devices in place, then standard output, and
    /// last the renames. Standard output comes after every file is staged,
    /// so a destination that fails prints nothing, and before the renames,
    /// so a closed or full standard output leaves no file behind: the
    /// renames, which cannot be undone and almost never fail, are the only
    /// step after it.
    pub fn commit(mut self) -> Result<(), OutputError> {
        // The last guard of the inputs, for destinations no check before the
        // run could name: a chart's file in `--plot DIR`, a scenario's
        // `volume_file`.
        for entry in &self.entries {
            if was_read(&identity(&entry.path)) {
                return Err(entry.unusable(IS_AN_INPUT.into()));
            }
        }
        for streamed in &self.streamed {
            if streamed.staged.is_some() && was_read(&identity(&streamed.target)) {
                return Err(OutputError::Unusable {
                    flag: streamed.flag,
                    path: streamed.target.clone(),
                    problem: IS_AN_INPUT.into(),
                });
            }
        }
        let mut staged = Staged::default();
        for mut file in std::mem::take(&mut self.streamed) {
            let (flag, target) = (file.flag, file.target.clone());
            let Some((temporary, permissions)) = file.staged.take() else {
                continue;
            };
            let finished = (|| {
                if let Some(permissions) = permissions {
                    file.file.set_permissions(permissions)?;
                }
                file.file.sync_all()
            })();
            // Staged now: its drop or rename forgets it.
            staged.files.push((temporary, target.clone(), flag));
            finished.map_err(|source| OutputError::Write {
                flag,
                path: target,
                source,
            })?;
        }
        for (flag, dir) in &self.folders {
            staged
                .create_folder(dir)
                .map_err(|source| OutputError::Write {
                    flag,
                    path: dir.clone(),
                    source,
                })?;
        }
        let mut in_place = Vec::new();
        for entry in &self.entries {
            match inspect_file(&entry.path).map_err(|p| entry.unusable(p))? {
                FileState::InPlace => in_place.push(entry),
                FileState::Absent => staged
                    .stage(entry.flag, &entry.path, &entry.bytes, None)
                    .map_err(|e| entry.write_failed(e))?,
                FileState::Existing(permissions) => staged
                    .stage(entry.flag, &entry.path, &entry.bytes, Some(permissions))
                    .map_err(|e| entry.write_failed(e))?,
            }
        }
        for entry in in_place {
            write_in_place(&entry.path, &entry.bytes).map_err(|e| match e {
                InPlaceError::BecameAFile => {
                    entry.unusable("changed into a regular file while callsim ran".into())
                }
                InPlaceError::Io(e) => entry.write_failed(e),
            })?;
        }
        for (stream, bytes) in &self.streams {
            let written = match stream {
                Stream::Out => {
                    let mut out = io::stdout().lock();
                    out.write_all(bytes).and_then(|()| out.flush())
                }
                Stream::Err => io::stderr().lock().write_all(bytes),
            };
            written.map_err(|source| OutputError::Stream {
                stream: match stream {
                    Stream::Out => "standard output",
                    Stream::Err => "standard error",
                },
                source,
            })?;
        }
        staged.rename_all()
    }
}

enum InPlaceError {
    BecameAFile,
    Io(io::Error),
}

/// Writes to a device or pipe. The opened file is checked again: a link
/// switched to a regular file meanwhile is not written through.
fn write_in_place(path: &Path, bytes: &[u8]) -> Result<(), InPlaceError> {
    let mut file = OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(InPlaceError::Io)?;
    if file.metadata().map_err(InPlaceError::Io)?.is_file() {
        return Err(InPlaceError::BecameAFile);
    }
    file.write_all(bytes).map_err(InPlaceError::Io)
}

/// Writes `bytes` to `path` through an exclusive temporary file in the same
/// folder and a rename, so a reader never sees a half-written file and a
/// failure leaves none; a device or pipe is written in place.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let mut set = OutputSet::new();
    set.file("", path, bytes.to_vec())?;
    set.commit()
}

/// Temporary files and created folders of commits in progress, for the
/// signal handler to remove.
struct Live {
    temporaries: Vec<PathBuf>,
    folders: Vec<PathBuf>,
}

static LIVE: Mutex<Live> = Mutex::new(Live {
    temporaries: Vec::new(),
    folders: Vec::new(),
});

fn live() -> MutexGuard<'static, Live> {
    LIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

fn forget(list: &mut Vec<PathBuf>, path: &Path) {
    if let Some(i) = list.iter().rposition(|p| p == path) {
        list.swap_remove(i);
    }
}

/// Makes SIGINT, SIGTERM and SIGHUP first remove the temporary files and new
/// folders of a commit in progress, then end the process as the signal
/// would have (a shell sees exit status 130, 143 or 129). Installed once; later
/// calls do nothing.
#[cfg(unix)]
pub fn remove_temporaries_on_signals() -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    static INSTALLED: Mutex<bool> = Mutex::new(false);
    let mut installed = INSTALLED.lock().unwrap_or_else(PoisonError::into_inner);
    if *installed {
        return Ok(());
    }
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::Builder::new()
        .name("callsim-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // Held until the process ends: a commit cannot stage or
                // rename anything more, so its outputs are all there or
                // none (the renames run under this lock too).
                let live = live();
                for path in &live.temporaries {
                    let _ = fs::remove_file(path);
                }
                for dir in live.folders.iter().rev() {
                    let _ = fs::remove_dir(dir);
                }
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        })?;
    *installed = true;
    Ok(())
}

#[cfg(not(unix))]
pub fn remove_temporaries_on_signals() -> io::Result<()> {
    Ok(())
}

/// The temporaries and folders one commit has made so far; dropped
/// without [`Staged::rename_all`], it removes them all.
#[derive(Default)]
struct Staged {
    files: Vec<(tempfile::TempPath, PathBuf, &'static str)>,
    created_folders: Vec<PathBuf>,
}

impl Staged {
    /// Creates `dir` and its missing ancestors, one by one, remembering
    /// each so a failure can remove exactly those.
    fn create_folder(&mut self, dir: &Path) -> io::Result<()> {
        let missing: Vec<&Path> = dir
            .ancestors()
            .filter(|a| !a.as_os_str().is_empty())
            .take_while(|a| fs::symlink_metadata(a).is_err())
            .collect();
        for folder in missing.into_iter().rev() {
            live().folders.push(folder.to_path_buf());
            match fs::create_dir(folder) {
                Ok(()) => self.created_folders.push(folder.to_path_buf()),
                Err(e) => {
                    forget(&mut live().folders, folder);
                    if e.kind() != io::ErrorKind::AlreadyExists {
                        return Err(e);
                    }
                }
            }
        }
        if fs::metadata(dir)?.is_dir() {
            Ok(())
        } else {
            Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "a file of that name exists",
            ))
        }
    }

    /// Writes `bytes` into a new temporary file beside `target`.
    fn stage(
        &mut self,
        flag: &'static str,
        target: &Path,
        bytes: &[u8],
        permissions: Option<fs::Permissions>,
    ) -> io::Result<()> {
        let (mut file, path) = create_temporary(target)?;
        let written = (|| {
            file.write_all(bytes)?;
            if let Some(permissions) = permissions {
                file.set_permissions(permissions)?;
            }
            file.sync_all()
        })();
        drop(file);
        self.files.push((path, target.to_path_buf(), flag));
        written
    }

    /// Renames every temporary into place, under the lock the signal
    /// handler takes, so an interrupt sees all of them or none renamed.
    fn rename_all(mut self) -> Result<(), OutputError> {
        let mut live = live();
        let mut failure = None;
        for (temporary, target, flag) in std::mem::take(&mut self.files) {
            let name = temporary.to_path_buf();
            if failure.is_none() {
                if let Err(e) = temporary.persist(&target) {
                    failure = Some(OutputError::Write {
                        flag,
                        path: target,
                        source: e.error,
                    });
                }
            } else {
                drop(temporary);
            }
            forget(&mut live.temporaries, &name);
        }
        for folder in std::mem::take(&mut self.created_folders).iter().rev() {
            if failure.is_some() {
                // Only empty folders go: those of files already renamed stay.
                let _ = fs::remove_dir(folder);
            }
            forget(&mut live.folders, folder);
        }
        failure.map_or(Ok(()), Err)
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if self.files.is_empty() && self.created_folders.is_empty() {
            return;
        }
        let names: Vec<PathBuf> = self.files.iter().map(|(t, _, _)| t.to_path_buf()).collect();
        // Dropping a TempPath removes its file.
        self.files.clear();
        for folder in self.created_folders.iter().rev() {
            let _ = fs::remove_dir(folder);
        }
        let mut live = live();
        for name in &names {
            forget(&mut live.temporaries, name);
        }
        for folder in &self.created_folders {
            forget(&mut live.folders, folder);
        }
    }
}

/// A new temporary file beside `target`, registered for the signal handler.
fn create_temporary(target: &Path) -> io::Result<(File, tempfile::TempPath)> {
    let name = target.file_name().unwrap_or_default();
    // `.NAME.` then random characters: unpredictable, and created only
    // if nothing (not even a link) is there. A long name is left out so
    // the temporary's name stays within the system's limit.
    let mut prefix = OsString::from(".");
    if name.len() <= 200 {
        prefix.push(name);
    } else {
        prefix.push("callsim");
    }
    prefix.push(".");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp").rand_bytes(12);
    let temporary = make_temporary(&builder, folder_of(target), |candidate| {
        // Registered before it exists, so a signal can never leave
        // it behind; forgotten again if the name was taken.
        live().temporaries.push(candidate.to_path_buf());
        let created = create_exclusive(candidate);
        if created.is_err() {
            forget(&mut live().temporaries, candidate);
        }
        created
    })?;
    Ok(temporary.into_parts())
}

/// Creates `path` only if nothing is there: O_EXCL, which also refuses a
/// symbolic link planted at that name rather than following it.
fn create_exclusive(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        // As `File::create` would: the user's umask decides, not 0600.
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o666);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_commit_leaves_nothing_in_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.json");
        let mut set = OutputSet::new();
        set.file("--output", &good, b"{}".to_vec()).unwrap();
        set.folder(
            "--plot",
            &dir.path().join("charts/deeper"),
            vec![(dir.path().join("charts/deeper/a.svg"), b"<svg/>".to_vec())],
        )
        .unwrap();
        set.file("--report", Path::new("/dev/full"), b"x".to_vec())
            .unwrap();
        let error = set.commit().unwrap_err().to_string();
        assert!(
            error.starts_with("--report /dev/full: cannot write:"),
            "{error}"
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
        assert!(live().temporaries.is_empty());
    }

    #[test]
    fn the_same_file_under_two_flags_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.json");
        let dotted = dir.path().join(".").join("x.json");
        let error = check_all(&[("--output", &path), ("--report", &dotted)], &[]).unwrap_err();
        assert!(
            error
                .to_string()
                .ends_with("is also the destination of --output: give each output its own file"),
            "{error}"
        );
        check_all(
            &[
                ("--output", Path::new("/dev/null")),
                ("--report", Path::new("/dev/null")),
            ],
            &[],
        )
        .unwrap();
    }

    #[test]
    fn a_missing_or_file_parent_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        fs::write(&file, "x").unwrap();
        let under_file = file.join("sub/x.json");
        let error = check_all(&[("--output", &under_file)], &[]).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "--output {}: {} is not a folder",
                under_file.display(),
                file.display()
            )
        );
        let missing = dir.path().join("nope/x.json");
        let error = check_all(&[("--output", &missing)], &[]).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "--output {}: the folder {} does not exist",
                missing.display(),
                dir.path().join("nope").display()
            )
        );
        let error = check_all(&[], &[("--plot", &under_file)]).unwrap_err();
        assert!(error.to_string().ends_with(" is not a folder"), "{error}");
    }
}
