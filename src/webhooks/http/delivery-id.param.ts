import { Param } from '@nestjs/common';
import { ProblemException } from '../../common/problem.exception';

const DELIVERY_ID = /^[1-9]\d{0,17}$/;

/** A delivery's id, as the log shows it: a positive integer, refused with a 400 naming it otherwise. */
export const DeliveryIdParam = () =>
  Param('deliveryId', {
    transform(value: string) {
      if (DELIVERY_ID.test(value)) return value;
      throw ProblemException.of(400, 'deliveryId must be a delivery id from the delivery log', {
        type: 'https://copydesk.dev/problems/validation',
        errors: [{ field: 'deliveryId', messages: ['deliveryId must be a positive integer'] }],
      });
    },
  });
