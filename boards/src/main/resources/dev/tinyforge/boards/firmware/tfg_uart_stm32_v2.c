/*
 * STM32F0/F3/F7/L4/H7/G4 USART and LPUART: CR1 (bit 0 UE, bit 3 TE, bit 2 RE), BRR (clock / baud for
 * a USART at 16x oversampling, 256 * clock / baud for an LPUART), ISR (bit 7 TXE, bit 5 RXNE,
 * bit 3 ORE), ICR (bit 3 clears ORE), RDR, TDR.
 */
#include "tfg_uart.h"

#define TFG_USART_REG(uart, offset) (*(volatile uint32_t *)((uart)->base + (offset)))
#define TFG_USART_CR1 0x00u
#define TFG_USART_BRR 0x0Cu
#define TFG_USART_ISR 0x1Cu
#define TFG_USART_ICR 0x20u
#define TFG_USART_RDR 0x24u
#define TFG_USART_TDR 0x28u

void tfg_uart_init(const tfg_uart *uart)
{
    TFG_USART_REG(uart, TFG_USART_CR1) = 0u;
    TFG_USART_REG(uart, TFG_USART_BRR) = uart->divisor;
    TFG_USART_REG(uart, TFG_USART_CR1) = (1u << 3) | (1u << 2) | 1u;
}

void tfg_uart_putc(const tfg_uart *uart, char c)
{
    while ((TFG_USART_REG(uart, TFG_USART_ISR) & (1u << 7)) == 0u) {
    }
    TFG_USART_REG(uart, TFG_USART_TDR) = (uint8_t)c;
}

int tfg_uart_getc(const tfg_uart *uart)
{
    TFG_USART_REG(uart, TFG_USART_ICR) = 1u << 3; /* an overrun would hold RXNE low for good */
    while ((TFG_USART_REG(uart, TFG_USART_ISR) & (1u << 5)) == 0u) {
    }
    return (int)(TFG_USART_REG(uart, TFG_USART_RDR) & 0xFFu);
}
