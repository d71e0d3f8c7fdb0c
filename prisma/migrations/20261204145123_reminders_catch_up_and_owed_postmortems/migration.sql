/*
  Warnings:

  - A unique constraint covering the columns `[unsubscribeToken]` on the table `User` will be added. If there are existing duplicate values, this will fail.

*/
-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ReminderKind" ADD VALUE 'POSTMORTEM_DUE_SOON';
ALTER TYPE "ReminderKind" ADD VALUE 'POSTMORTEM_OVERDUE';

-- AlterTable
ALTER TABLE "ReminderDelivery" ADD COLUMN     "incidentId" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "receiveReminders" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "unsubscribeToken" TEXT NOT NULL DEFAULT gen_random_uuid();

-- CreateIndex
CREATE INDEX "ReminderDelivery_incidentId_idx" ON "ReminderDelivery"("incidentId");

-- CreateIndex
CREATE UNIQUE INDEX "User_unsubscribeToken_key" ON "User"("unsubscribeToken");

-- AddForeignKey
ALTER TABLE "ReminderDelivery" ADD CONSTRAINT "ReminderDelivery_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE SET NULL ON UPDATE CASCADE;
