/*
 * A stand-in for Windows' bcryptprimitives.dll, for running the Windows build under wine 8
 * (Debian 12) in CI only. It is never shipped: the installers carry no copy of it.
 *
 * Why: Rust's standard library (1.78 and newer) gets its random seeds (HashMap keys) from
 * ProcessPrng in bcryptprimitives.dll, present on every Windows 10 and 11. Wine added that DLL
 * only in wine 9, so under wine 8 the .exe fails to start. This DLL exports ProcessPrng and
 * forwards it to RtlGenRandom (advapi32's SystemFunction036), which wine 8 has. Placed next to
 * the .exe, it is found before the system folder.
 *
 * Build: x86_64-w64-mingw32-gcc -shared -O2 -s -o bcryptprimitives.dll bcryptprimitives.c
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom */

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
