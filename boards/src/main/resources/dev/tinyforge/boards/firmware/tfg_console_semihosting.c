/*
 * Console over semihosting: text and exit through the debugger (QEMU's -semihosting, or OpenOCD's
 * "arm semihosting enable"). Without a debugger attached a semihosting call stops the core, so
 * firmware for a board on its own uses tfg_console_uart.c instead.
 */
#include "tfg_port.h"

static int32_t tfg_semihost(int32_t operation, const void *argument)
{
    register int32_t r0 __asm__("r0") = operation;
    register const void *r1 __asm__("r1") = argument;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void tfg_console_init(void)
{
}

void tfg_port_write(const char *text)
{
    tfg_semihost(0x04, text); /* SYS_WRITE0 */
}

int tfg_port_await_run(int round)
{
    return round == 0;
}

void tfg_port_exit(int code)
{
    /* SYS_EXIT: ADP_Stopped_ApplicationExit ends QEMU with status 0, RunTimeErrorUnknown with 1 */
    tfg_semihost(0x18, (const void *)(code == 0 ? 0x20026u : 0x20023u));
    for (;;) {
    }
}
