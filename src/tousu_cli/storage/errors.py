"""The database's own failures, told in one line of Chinese."""

from __future__ import annotations

import sqlite3

# What the layers above catch as "the database failed": they never see sqlite3.
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error,)
DAMAGED = "quick_check"  # the mark of a damage found before writing (transaction.ensure_sound)
_RESTORE = "请不要再写入,从最近的备份恢复(tousu backup 所做的副本)后再使用;本次操作未做任何更改"


# SQLite's words for a cause the clerk can act on.
_CAUSES = (
    ("database or disk is full", "磁盘空间已满,数据库无法写入:请清理磁盘空间后重试"),
    ("disk I/O error", "数据库读写出错(磁盘可能已满、被拔出或损坏):请检查磁盘后重试"),
    ("readonly database", "数据库文件或所在目录只读,不能写入:请检查文件和目录的权限"),
    ("unable to open database file", "无法打开数据库文件:请检查文件和所在目录是否存在、是否有权限"),
)


def trouble(error: Exception) -> str:
    """What went wrong with the database, for the clerk; nothing was changed."""
    if isinstance(error, sqlite3.OperationalError):
        text = str(error)
        if "locked" in text or "busy" in text:
            return "数据库正被其他程序占用,等待超时;本次操作未做任何更改"
        for cause, said in _CAUSES:
            if cause in text:
                return f"{said};本次操作未做任何更改"
        return f"数据库操作失败:{error}"
    if isinstance(error, sqlite3.IntegrityError):
        return f"数据不符合数据库的约束,未做任何更改:{error}"
    if isinstance(error, sqlite3.InterfaceError | sqlite3.ProgrammingError):
        return f"内部错误,未做任何更改(请报告此问题):{error}"
    text = str(error)
    if text.startswith(DAMAGED) or "malformed" in text or "corrupt" in text:
        where = text.removeprefix(f"{DAMAGED}:")
        return f"数据库文件已损坏({where}):{_RESTORE}"
    return f"无法读取数据库文件(可能已损坏或不是 tousu 数据库):{error}"
