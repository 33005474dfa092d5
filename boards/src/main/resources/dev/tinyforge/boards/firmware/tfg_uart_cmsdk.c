/*
 * Arm CMSDK APB UART (MPS2/MPS3 FPGA images and their QEMU models): DATA, STATE (bit 0 TX full,
 * bit 1 RX full), CTRL (bit 0 TX enable, bit 1 RX enable), BAUDDIV = clock / baud, at least 16.
 */
#include "tfg_uart.h"

#define TFG_CMSDK_REG(uart, offset) (*(volatile uint32_t *)((uart)->base + (offset)))
#define TFG_CMSDK_DATA 0x00u
#define TFG_CMSDK_STATE 0x04u
#define TFG_CMSDK_CTRL 0x08u
#define TFG_CMSDK_BAUDDIV 0x10u

void tfg_uart_init(const tfg_uart *uart)
{
    TFG_CMSDK_REG(uart, TFG_CMSDK_BAUDDIV) = uart->divisor;
    TFG_CMSDK_REG(uart, TFG_CMSDK_CTRL) = 3u;
}

void tfg_uart_putc(const tfg_uart *uart, char c)
{
    while ((TFG_CMSDK_REG(uart, TFG_CMSDK_STATE) & 1u) != 0u) {
    }
    TFG_CMSDK_REG(uart, TFG_CMSDK_DATA) = (uint8_t)c;
}

int tfg_uart_getc(const tfg_uart *uart)
{
    while ((TFG_CMSDK_REG(uart, TFG_CMSDK_STATE) & 2u) == 0u) {
    }
    return (int)(TFG_CMSDK_REG(uart, TFG_CMSDK_DATA) & 0xFFu);
}
