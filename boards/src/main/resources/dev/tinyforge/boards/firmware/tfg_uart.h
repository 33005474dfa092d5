/*
 * A UART as the serial console needs it. One driver per UART family (tfg_uart_<family>.c) and one
 * generated tfg_console per firmware image: the board's UART in firmware.elf, the QEMU stand-in's in
 * firmware-qemu.elf.
 */
#ifndef TFG_UART_H
#define TFG_UART_H

#include <stdint.h>

/** A read-modify-write of a memory-mapped register: reg = (reg & ~clear) | set. */
typedef struct {
    uint32_t address;
    uint32_t clear;
    uint32_t set;
} tfg_reg_write;

typedef struct {
    /** The UART's registers. */
    uint32_t base;
    /** The family's baud-rate register value for the console's baud rate and clock (computed on the host). */
    uint32_t divisor;
    /** Clock enables and pin routing, applied in order before tfg_uart_init. */
    const tfg_reg_write *setup;
    uint32_t setup_count;
} tfg_uart;

/** The console of this firmware image (tfg_console_board.c or tfg_console_qemu.c). */
extern const tfg_uart tfg_console;

/** Enables transmitter and receiver, 8 data bits, no parity, 1 stop bit. */
void tfg_uart_init(const tfg_uart *uart);

/** Sends one byte, waiting while the transmitter is full. */
void tfg_uart_putc(const tfg_uart *uart, char c);

/** Waits for one received byte and returns it (0..255). */
int tfg_uart_getc(const tfg_uart *uart);

#endif
