"""``load_fixtures`` step of the library: the built-in 上级文件 entries (``library.references.OFFICIAL_TEXTS``)."""

from library.services import ensure_builtins


def load_all(stdout) -> None:
    count = ensure_builtins()
    stdout.write(f"资料库内置上级文件：{count} 份")
