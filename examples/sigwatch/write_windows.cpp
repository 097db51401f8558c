// SPDX-FileCopyrightText: 2026 The SignalNotifier authors
// SPDX-License-Identifier: MIT

#include "output.h"

#include <windows.h>

// WriteFile until all of it is out, straight to the standard handle (console, pipe or
// file), bypassing the C runtime's buffering.
bool writeAll(Stream stream, const QByteArray &bytes)
{
    const HANDLE handle = GetStdHandle(stream == StandardOutput ? STD_OUTPUT_HANDLE : STD_ERROR_HANDLE);
    if (handle == nullptr || handle == INVALID_HANDLE_VALUE)
        return false;
    const char *data = bytes.constData();
    qsizetype left = bytes.size();
    while (left > 0) {
        DWORD written = 0;
        if (!WriteFile(handle, data, static_cast<DWORD>(left), &written, nullptr) || written == 0)
            return false;
        data += written;
        left -= written;
    }
    return true;
}
