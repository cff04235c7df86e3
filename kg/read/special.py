"""What a folder can hold that is no file to read: a symbolic link that loops or leads nowhere
or to a folder, a named pipe, a device, a socket (reading a pipe or /dev/zero would never end)."""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


def not_a_file(path: Path) -> str | None:
    """Why ``path`` is no file to read, for what is not one: a symbolic link that loops or leads
    nowhere or to a folder, a named pipe, a device, a socket (reading a pipe or /dev/zero
    would never end).  None for a file or a folder."""
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        return None                       # said as "no such file or folder"
    except OSError as e:
        return f"cannot read ({e.strerror or type(e).__name__})"
    try:
        st = os.stat(path)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "symbolic link loop, not a file"
        if e.errno == errno.ENOENT and stat.S_ISLNK(link.st_mode):
            return "broken symbolic link (what it points to does not exist)"
        return f"cannot read ({e.strerror or type(e).__name__})"
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "symbolic link to a folder (not followed)" if stat.S_ISLNK(link.st_mode) else None
    what = ("named pipe (FIFO)" if stat.S_ISFIFO(mode) else "device file" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "socket" if stat.S_ISSOCK(mode) else "special file")
    via = " (through a symbolic link)" if stat.S_ISLNK(link.st_mode) else ""
    return f"{what}{via}, not a regular file"
