// One-line wording of the file-system errors a user can cause (a missing file, a folder in the way).

/** Why a file operation failed, in a few words, from a Node.js system error (`ENOENT` → "no such file or folder"). */
export function fsErrorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = 'code' in error ? error.code : undefined;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return error.message.split('\n')[0];
  }
}

/** Whether `error` is a Node.js system error (it carries a string `code` such as 'ENOENT'). */
export function isSystemError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && 'code' in error && typeof error.code === 'string';
}
