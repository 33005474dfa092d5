/*
 * Console over a UART: the harness's lines go out on the serial port the host reads (the probe's
 * virtual COM port on most boards), and every run waits for the host's 'r' so the host can open the
 * port first and never misses the start of a report. tfg_console (generated) says which UART, its
 * divisor and the register writes that clock it and route its pins.
 */
#include "tfg_port.h"
#include "tfg_uart.h"

void tfg_console_init(void)
{
    uint32_t i;
    for (i = 0; i < tfg_console.setup_count; i++) {
        const tfg_reg_write *w = &tfg_console.setup[i];
        volatile uint32_t *reg = (volatile uint32_t *)w->address;
        *reg = (*reg & ~w->clear) | w->set;
        (void)*reg; /* read back: the write has reached the peripheral before the next one */
    }
    tfg_uart_init(&tfg_console);
}

void tfg_port_write(const char *text)
{
    for (; *text != '\0'; text++) {
        if (*text == '\n') {
            tfg_uart_putc(&tfg_console, '\r');
        }
        tfg_uart_putc(&tfg_console, *text);
    }
}

int tfg_port_await_run(int round)
{
    (void)round;
    tfg_port_write("tfg ready: send 'r' to run\n");
    while (tfg_uart_getc(&tfg_console) != 'r') {
    }
    return 1;
}

void tfg_port_exit(int code)
{
    tfg_port_write(code == 0 ? "tfg stopped\n" : "tfg stopped with an error\n");
    for (;;) {
    }
}
