/*
 * nRF52 UART (the legacy, non-DMA one): the pins go in PSELTXD/PSELRXD through the setup writes,
 * BAUDRATE takes the divisor (0x01D7E000 for 115200), ENABLE = 4; every byte is a STARTTX/TXDRDY
 * handshake, reception runs after STARTRX with RXDRDY per byte.
 */
#include "tfg_uart.h"

#define TFG_NRF_REG(uart, offset) (*(volatile uint32_t *)((uart)->base + (offset)))
#define TFG_NRF_TASKS_STARTRX 0x000u
#define TFG_NRF_TASKS_STARTTX 0x008u
#define TFG_NRF_EVENTS_RXDRDY 0x108u
#define TFG_NRF_EVENTS_TXDRDY 0x11Cu
#define TFG_NRF_ENABLE 0x500u
#define TFG_NRF_RXD 0x518u
#define TFG_NRF_TXD 0x51Cu
#define TFG_NRF_BAUDRATE 0x524u

void tfg_uart_init(const tfg_uart *uart)
{
    TFG_NRF_REG(uart, TFG_NRF_BAUDRATE) = uart->divisor;
    TFG_NRF_REG(uart, TFG_NRF_ENABLE) = 4u;
    TFG_NRF_REG(uart, TFG_NRF_EVENTS_RXDRDY) = 0u;
    TFG_NRF_REG(uart, TFG_NRF_TASKS_STARTRX) = 1u;
    TFG_NRF_REG(uart, TFG_NRF_TASKS_STARTTX) = 1u;
}

void tfg_uart_putc(const tfg_uart *uart, char c)
{
    TFG_NRF_REG(uart, TFG_NRF_EVENTS_TXDRDY) = 0u;
    TFG_NRF_REG(uart, TFG_NRF_TXD) = (uint8_t)c;
    while (TFG_NRF_REG(uart, TFG_NRF_EVENTS_TXDRDY) == 0u) {
    }
}

int tfg_uart_getc(const tfg_uart *uart)
{
    while (TFG_NRF_REG(uart, TFG_NRF_EVENTS_RXDRDY) == 0u) {
    }
    TFG_NRF_REG(uart, TFG_NRF_EVENTS_RXDRDY) = 0u;
    return (int)(TFG_NRF_REG(uart, TFG_NRF_RXD) & 0xFFu);
}
