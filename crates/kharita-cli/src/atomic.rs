//! Writing a file so that readers see the old one or the whole new one, never a part.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;
use std::sync::mpsc::{self, SyncSender, TrySendError};

use anyhow::{Context, Result};

/// How much is written between two background syncs: enough that each sync is worth a system
/// call, little enough that the final sync has only a fraction of a second of disk work left.
const SYNC_EVERY: u64 = 32 << 20;

/// Has `write` write into a temporary file in the same directory, syncs it to disk, then renames
/// it into place, so readers never see a half-written file and a failure leaves the old one
/// intact.
///
/// A large export (hundreds of megabytes) would otherwise reach the disk only at the final sync,
/// after all of it is made: another thread syncs what is written so far every [`SYNC_EVERY`]
/// bytes, so the disk writes while the rest is made.
pub(crate) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .with_context(|| format!("{} is not a file path", path.display()))?;
    let temporary = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = File::create(&temporary)
        .and_then(|file| write_synced(&file, write))
        .and_then(|()| std::fs::rename(&temporary, path));
    if let Err(error) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(error).with_context(|| format!("cannot write {}", path.display()));
    }
    Ok(())
}

/// Runs `write` on `file` while a second thread syncs what it has written so far, then syncs the
/// rest. An error from either sync is returned: a failed sync may not be reported twice.
fn write_synced(
    file: &File,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    // One pending request at most: while a sync runs, the writer does not wait for it.
    let (kick, kicked) = mpsc::sync_channel::<()>(1);
    std::thread::scope(|scope| {
        let background = scope.spawn(move || {
            for () in kicked {
                file.sync_data()?;
            }
            Ok(())
        });
        let mut writer = SyncingWriter {
            file,
            unsynced: 0,
            kick,
        };
        let written = write(&mut writer);
        // Dropping the writer closes the channel, which ends the background loop.
        drop(writer);
        let synced: io::Result<()> = background
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        written?;
        synced?;
        file.sync_all()
    })
}

/// A file writer that asks for a background sync after every [`SYNC_EVERY`] bytes.
struct SyncingWriter<'a> {
    file: &'a File,
    /// Bytes written since the last request.
    unsynced: u64,
    kick: SyncSender<()>,
}

impl Write for SyncingWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.file.write(bytes)?;
        self.unsynced += written as u64;
        if self.unsynced >= SYNC_EVERY {
            match self.kick.try_send(()) {
                // The request waiting in the channel will take these bytes along too.
                Ok(()) | Err(TrySendError::Full(())) => self.unsynced = 0,
                // The background sync has stopped on an error, which `write_synced` reports.
                Err(TrySendError::Disconnected(())) => {}
            }
        }
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("kharita-atomic-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir(&dir).unwrap();
        dir
    }

    /// Writes larger than one sync interval go through the syncing thread and arrive whole.
    #[test]
    fn a_file_larger_than_the_sync_interval_is_written_whole() {
        let dir = scratch("large");
        let path = dir.join("big.bin");
        let chunk: Vec<u8> = (0..=255).cycle().take(1 << 20).collect();
        let chunks = usize::try_from(SYNC_EVERY >> 20).unwrap() * 2 + 3;
        write_atomically(&path, |out| {
            for _ in 0..chunks {
                out.write_all(&chunk)?;
            }
            Ok(())
        })
        .unwrap();
        let read = std::fs::read(&path).unwrap();
        let entries = std::fs::read_dir(&dir).unwrap().count();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(read.len(), chunk.len() * chunks);
        assert!(read.chunks(chunk.len()).all(|c| c == chunk));
        assert_eq!(entries, 1, "the temporary file is renamed into place");
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let dir = scratch("failed");
        let path = dir.join("kept.txt");
        std::fs::write(&path, "old").unwrap();
        let result = write_atomically(&path, |out| {
            out.write_all(b"half of the new")?;
            Err(io::Error::other("the data ran out"))
        });
        let read = std::fs::read_to_string(&path).unwrap();
        let entries = std::fs::read_dir(&dir).unwrap().count();
        std::fs::remove_dir_all(&dir).unwrap();
        let error = format!("{:#}", result.unwrap_err());
        assert!(
            error.contains("cannot write") && error.contains("the data ran out"),
            "{error}"
        );
        assert_eq!(read, "old");
        assert_eq!(entries, 1);
    }
}
