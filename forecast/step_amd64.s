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

// func firstMetAVX2(za *float64, first *int32, n4, steps int, lo, hi float64)
//
// For p < n4 (a multiple of 4): first[p] = the least st in 1..steps with lo ≤ za[st·256+p] ≤ hi,
// steps+1 if none; four paths at a time, with the comparisons Go makes (ordered: NaN fails).
TEXT ·firstMetAVX2(SB), NOSPLIT, $0-48
	MOVQ za+0(FP), SI
	MOVQ first+8(FP), DI
	MOVQ n4+16(FP), CX
	MOVQ steps+24(FP), DX
	VBROADCASTSD lo+32(FP), Y10
	VBROADCASTSD hi+40(FP), Y11
	LEAQ 1(DX), R8
	MOVQ R8, X12
	VPBROADCASTQ X12, Y12       // never: steps+1 in each lane
	MOVQ DX, R8
	SHLQ $11, R8                // byte offset of row steps: steps·256·8
	XORQ AX, AX

paths:
	CMPQ AX, CX
	JGE  fdone
	VMOVDQU Y12, Y0
	LEAQ (SI)(AX*8), R11        // &za[p]
	MOVQ R8, R10
	MOVQ DX, R9

steps:
	VMOVUPD   (R11)(R10*1), Y1
	VCMPPD    $0x1D, Y10, Y1, Y2 // z >= lo
	VCMPPD    $0x12, Y11, Y1, Y3 // z <= hi
	VANDPD    Y3, Y2, Y2
	MOVQ      R9, X4
	VPBROADCASTQ X4, Y4
	VBLENDVPD Y2, Y4, Y0, Y0     // in the band: this step
	SUBQ      $2048, R10
	DECQ      R9
	JNZ       steps

	VEXTRACTI128 $1, Y0, X5
	VSHUFPS   $0x88, X5, X0, X6  // the low half of each lane: four int32
	VMOVDQU   X6, (DI)(AX*4)
	ADDQ      $4, AX
	JMP       paths

fdone:
	VZEROUPPER
	RET

// func histAVX2(za, zb, beta *float64, n4 int, c, lo, inv, fb float64, bins *uint32) int
//
// Four paths at a time while all four fall inside the histogram's range: za[p] = zb[p] + β[p]·c,
// f = (za[p] − lo)·inv, bins[int(f)]++ for 0 ≤ f < fb, the operations of recordHist in its
// order. It stops before the first group of four with a value outside the range (or NaN),
// leaving that group to Go, and returns how many paths it did.
TEXT ·histAVX2(SB), NOSPLIT, $0-80
	MOVQ za+0(FP), DI
	MOVQ zb+8(FP), SI
	MOVQ beta+16(FP), R8
	MOVQ n4+24(FP), CX
	VBROADCASTSD c+32(FP), Y10
	VBROADCASTSD lo+40(FP), Y11
	VBROADCASTSD inv+48(FP), Y12
	VBROADCASTSD fb+56(FP), Y13
	MOVQ bins+64(FP), R9
	VXORPD Y14, Y14, Y14
	XORQ AX, AX

hloop:
	CMPQ AX, CX
	JGE  hdone
	VMULPD    (R8)(AX*8), Y10, Y0 // β·c
	VADDPD    (SI)(AX*8), Y0, Y0  // z = zb + β·c
	VSUBPD    Y11, Y0, Y1         // z − lo
	VMULPD    Y12, Y1, Y1         // f
	VCMPPD    $0x1D, Y14, Y1, Y2  // f >= 0
	VCMPPD    $0x11, Y13, Y1, Y3  // f < fb
	VANDPD    Y3, Y2, Y2
	VMOVMSKPD Y2, BX
	CMPQ      BX, $15
	JNE       hdone
	VMOVUPD   Y0, (DI)(AX*8)
	VCVTTPD2DQY Y1, X4
	VMOVD     X4, BX
	INCL      (R9)(BX*4)
	VPEXTRD   $1, X4, BX
	INCL      (R9)(BX*4)
	VPEXTRD   $2, X4, BX
	INCL      (R9)(BX*4)
	VPEXTRD   $3, X4, BX
	INCL      (R9)(BX*4)
	ADDQ      $4, AX
	JMP       hloop

hdone:
	MOVQ AX, ret+72(FP)
	VZEROUPPER
	RET

// func inBandAVX2(zs *float64, met *uint8, n4 int, lo, hi float64)
//
// met[p] = 1 if lo ≤ zs[p] ≤ hi (ordered: NaN fails), else 0, for p < n4, four at a time.
TEXT ·inBandAVX2(SB), NOSPLIT, $0-40
	MOVQ zs+0(FP), SI
	MOVQ met+8(FP), DI
	MOVQ n4+16(FP), CX
	VBROADCASTSD lo+24(FP), Y10
	VBROADCASTSD hi+32(FP), Y11
	XORQ AX, AX

bloop:
	CMPQ AX, CX
	JGE  bdone
	VMOVUPD   (SI)(AX*8), Y0
	VCMPPD    $0x1D, Y10, Y0, Y1 // z >= lo
	VCMPPD    $0x12, Y11, Y0, Y2 // z <= hi
	VANDPD    Y2, Y1, Y1
	VMOVMSKPD Y1, BX
	IMUL3L    $0x204081, BX, BX  // bit i of the mask to bit 8i: one byte per path
	ANDL      $0x01010101, BX
	MOVL      BX, (DI)(AX*1)
	ADDQ      $4, AX
	JMP       bloop

bdone:
	VZEROUPPER
	RET

// func tallyAVX2(zs *float64, met, allGoals, allTarget *uint8, n4 int, sign, onLine, accLine float64, milestone uint64) (hits, onTrack, accel uint64)
//
// tally's loop for p < n4, four paths at a time: met, on track (met, or sign·z ≥ onLine) and
// acceleration needed (not on track, sign·z ≥ accLine) counted; allGoals[p] &= met[p] and
// allTarget[p] &= met[p] | milestone.
TEXT ·tallyAVX2(SB), NOSPLIT, $0-96
	MOVQ zs+0(FP), SI
	MOVQ met+8(FP), R8
	MOVQ allGoals+16(FP), R9
	MOVQ allTarget+24(FP), R10
	MOVQ n4+32(FP), CX
	VBROADCASTSD sign+40(FP), Y10
	VBROADCASTSD onLine+48(FP), Y11
	VBROADCASTSD accLine+56(FP), Y12
	MOVQ milestone+64(FP), R11
	IMUL3L $0x01010101, R11, R11 // the milestone flag in each byte
	XORQ R13, R13                // hits
	XORQ DI, DI                  // on track
	XORQ DX, DX                  // acceleration needed
	XORQ AX, AX

tloop:
	CMPQ AX, CX
	JGE  tdone
	MOVL      (R8)(AX*1), BX     // four met flags, one byte each
	ANDL      BX, (R9)(AX*1)
	MOVL      BX, R14
	ORL       R11, R14
	ANDL      R14, (R10)(AX*1)
	IMUL3L    $0x01020408, BX, BX
	SHRL      $24, BX            // the four flags as bits 0..3
	VMULPD    (SI)(AX*8), Y10, Y0
	VCMPPD    $0x1D, Y11, Y0, Y1 // sign·z >= onLine
	VCMPPD    $0x1D, Y12, Y0, Y2 // sign·z >= accLine
	VMOVMSKPD Y1, R14
	VMOVMSKPD Y2, R15
	ORL       BX, R14            // on track
	MOVL      R14, R12
	NOTL      R12
	ANDL      R15, R12           // acceleration needed
	POPCNTL   BX, BX
	ADDQ      BX, R13
	POPCNTL   R14, R14
	ADDQ      R14, DI
	POPCNTL   R12, R12
	ADDQ      R12, DX
	ADDQ      $4, AX
	JMP       tloop

tdone:
	MOVQ R13, hits+72(FP)
	MOVQ DI, onTrack+80(FP)
	MOVQ DX, accel+88(FP)
	VZEROUPPER
	RET

// func paramsAVX2(raw, eps, beta *float64, n4, w int, driftSD, betaU, beta0 float64)
//
// For p < n4, four paths at a time: eps[p] = driftSD·raw[p·w] and
// beta[p] = beta0·x with x = 1 + betaU·raw[p·w+1], or 0 where x < 0 (NaN stays NaN).
TEXT ·paramsAVX2(SB), NOSPLIT, $0-64
	MOVQ raw+0(FP), SI
	MOVQ eps+8(FP), DI
	MOVQ beta+16(FP), R8
	MOVQ n4+24(FP), CX
	MOVQ w+32(FP), R12
	SHLQ $3, R12
	LEAQ (R12)(R12*2), R13
	VBROADCASTSD driftSD+40(FP), Y10
	VBROADCASTSD betaU+48(FP), Y11
	VBROADCASTSD beta0+56(FP), Y12
	MOVQ $0x3ff0000000000000, AX // 1.0
	MOVQ AX, X13
	VPBROADCASTQ X13, Y13
	VXORPD Y14, Y14, Y14
	XORQ AX, AX

ploop:
	CMPQ AX, CX
	JGE  pdone
	VMOVSD      (SI), X0
	VMOVHPD     (SI)(R12*1), X0, X0
	VMOVSD      (SI)(R12*2), X1
	VMOVHPD     (SI)(R13*1), X1, X1
	VINSERTF128 $1, X1, Y0, Y0
	VMULPD      Y10, Y0, Y0        // driftSD·drift draw
	VMOVUPD     Y0, (DI)(AX*8)
	VMOVSD      8(SI), X2
	VMOVHPD     8(SI)(R12*1), X2, X2
	VMOVSD      8(SI)(R12*2), X3
	VMOVHPD     8(SI)(R13*1), X3, X3
	VINSERTF128 $1, X3, Y2, Y2
	VMULPD      Y11, Y2, Y2        // betaU·effectiveness draw
	VADDPD      Y13, Y2, Y2        // x = 1 + …
	VCMPPD      $0x11, Y14, Y2, Y3 // x < 0
	VANDNPD     Y2, Y3, Y2         // 0 where x < 0
	VMULPD      Y12, Y2, Y2        // beta0·x
	VMOVUPD     Y2, (R8)(AX*8)
	ADDQ        $4, AX
	LEAQ        (SI)(R12*4), SI
	JMP         ploop

pdone:
	VZEROUPPER
	RET
