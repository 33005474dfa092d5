/*
 * What the harness needs from the machine it runs on: a text channel, a timer and the stack
 * high-water mark. tfg_port_cortexm.c implements timer and stack for bare-metal Cortex-M (DWT or
 * SysTick, a painted stack) and takes its text channel from a console: tfg_console_semihosting.c
 * (QEMU, or a debugger) or tfg_console_uart.c (a serial port the host reads). tfg_port_linux.c is
 * the whole port for aarch64 Linux.
 */
#ifndef TFG_PORT_H
#define TFG_PORT_H

#include <stdint.h>

/** Prepares the timer and the console. */
void tfg_port_init(void);

/** Prepares the text channel (called by tfg_port_init on Cortex-M). */
void tfg_console_init(void);

/**
 * Whether the harness should run and report (again). A console without input (semihosting, Linux
 * stdout) says yes once, for round 0; a serial console prints "tfg ready" and waits until the host
 * sends 'r', for every round, so the host never misses the start of a report.
 */
int tfg_port_await_run(int round);

/** Writes a NUL-terminated line fragment to the host. */
void tfg_port_write(const char *text);

/** The timer's name as the harness reports it: "dwt", "systick" or "monotonic-ns". */
const char *tfg_port_timer_name(void);

/** The timer now, in its own ticks (cycles for dwt and for systick on silicon, nanoseconds on Linux). */
uint64_t tfg_port_timer_now(void);

/** Deepest stack use since reset in bytes, or -1 when the port cannot tell. */
int32_t tfg_port_stack_used(void);

/** Ends the program with an exit code (0: success). Does not return. */
void tfg_port_exit(int code);

#endif
