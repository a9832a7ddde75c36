#include "textflag.h"

// func stepAVX2(cur, prev, e, common, shock, noise *float64, n4, w int, d, sg, own, kappa float64)
//
// cur[p] = prev[p] + ((d + e[p]) + sg*(common[p] + own*noise[p*w])) + kappa*shock[p] for p < n4,
// four paths per instruction, the same operations in the same order as the Go loop (no fused
// multiply-add), so every value is the same to the bit.
TEXT ·stepAVX2(SB), NOSPLIT, $0-96
	MOVQ cur+0(FP), DI
	MOVQ prev+8(FP), SI
	MOVQ e+16(FP), R8
	MOVQ common+24(FP), R9
	MOVQ shock+32(FP), R10
	MOVQ noise+40(FP), R11
	MOVQ n4+48(FP), CX
	MOVQ w+56(FP), R12
	SHLQ $3, R12
	LEAQ (R12)(R12*2), R13
	VBROADCASTSD d+64(FP), Y10
	VBROADCASTSD sg+72(FP), Y11
	VBROADCASTSD own+80(FP), Y12
	VBROADCASTSD kappa+88(FP), Y13
	XORQ AX, AX
	SHLQ $3, CX
	CMPQ AX, CX
	JGE  done

loop:
	VMOVSD      (R11), X0
	VMOVHPD     (R11)(R12*1), X0, X0
	VMOVSD      (R11)(R12*2), X1
	VMOVHPD     (R11)(R13*1), X1, X1
	VINSERTF128 $1, X1, Y0, Y0
	VMULPD      Y12, Y0, Y0
	VADDPD      (R9)(AX*1), Y0, Y0
	VMULPD      Y11, Y0, Y0
	VADDPD      (R8)(AX*1), Y10, Y1
	VADDPD      Y0, Y1, Y1
	VADDPD      (SI)(AX*1), Y1, Y1
	VMULPD      (R10)(AX*1), Y13, Y2
	VADDPD      Y2, Y1, Y1
	VMOVUPD     Y1, (DI)(AX*1)
	ADDQ        $32, AX
	LEAQ        (R11)(R12*4), R11
	CMPQ        AX, CX
	JLT         loop

done:
	VZEROUPPER
	RET
