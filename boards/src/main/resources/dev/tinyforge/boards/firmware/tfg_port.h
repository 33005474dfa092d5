/*
 * What the harness needs from the machine it runs on: a text channel, a timer and the stack
 * high-water mark. tfg_port_cortexm.c implements it for bare-metal Cortex-M (semihosting, DWT or
 * SysTick, a painted stack), tfg_port_linux.c for aarch64 Linux.
 */
#ifndef TFG_PORT_H
#define TFG_PORT_H

#include <stdint.h>

/** Prepares the timer. */
void tfg_port_init(void);

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
